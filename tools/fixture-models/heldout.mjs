// Helper of heldout.py: reads {gguf, windows: [[ids...]]} from argv[2] and writes to argv[3]
// {nll: [...]}: for each window, the summed -log p(ids[i+1] | ids[0..i]) in llama.cpp.
import { getLlama } from "node-llama-cpp";
import { readFileSync, writeFileSync } from "node:fs";

const input = JSON.parse(readFileSync(process.argv[2], "utf8"));
const llama = await getLlama({ gpu: false, build: "never", logLevel: "error" });
const model = await llama.loadModel({ modelPath: input.gguf });
const ctx = await model.createContext({ contextSize: 1024, threads: 1, batchSize: 512 });
const seq = ctx.getSequence();
const n = model.fileInfo.metadata.tokenizer.ggml.tokens.length;
const sampling = { temperature: 1, topK: n, topP: 1, minP: 0 };
const nll = [];
for (const ids of input.windows) {
  await seq.clearHistory();
  const res = await seq.controlledEvaluate(ids.map((t, i) => (i < ids.length - 1 ? [t, { generateNext: { probabilities: true, options: sampling } }] : t)));
  let s = 0;
  for (let i = 0; i < ids.length - 1; i++) s -= Math.log(Math.max(res[i].next.probabilities.get(ids[i + 1]) ?? 0, 1e-10));
  nll.push(s);
}
writeFileSync(process.argv[3], JSON.stringify({ nll }));
await ctx.dispose();
