// Helper of numerics.py: reads {gguf, samples: [{text, ids}]} from the JSON file named by argv[2],
// writes {samples: [{llamaIds, probs}]} to argv[3]. llamaIds is llama.cpp's tokenisation of text;
// probs[i] is llama.cpp's full next-token distribution after ids[0..i] (temperature 1, no truncation).
import { getLlama } from "node-llama-cpp";
import { readFileSync, writeFileSync } from "node:fs";

const input = JSON.parse(readFileSync(process.argv[2], "utf8"));
const llama = await getLlama({ gpu: false, build: "never", logLevel: "error" });
const model = await llama.loadModel({ modelPath: input.gguf });
const ctx = await model.createContext({ contextSize: 1024, threads: 1, batchSize: 512 });
const seq = ctx.getSequence();
const n = model.fileInfo.metadata.tokenizer.ggml.tokens.length;
const sampling = { temperature: 1, topK: n, topP: 1, minP: 0 };
const out = [];
for (const s of input.samples) {
  await seq.clearHistory();
  const res = await seq.controlledEvaluate(s.ids.map((t) => [t, { generateNext: { probabilities: true, options: sampling } }]));
  const probs = res.map((r) => { const a = new Array(n).fill(0); for (const [t, p] of r.next.probabilities) a[t] = p; return a; });
  out.push({ llamaIds: Array.from(model.tokenize(s.text)), probs });
}
writeFileSync(process.argv[3], JSON.stringify({ samples: out }));
await ctx.dispose();
