// Helper of heldout.py: reads {gguf, windows: [[ids...]]} from argv[2] and writes to argv[3]
// {nll: [...]}: for each window, the summed -log p(ids[i+1] | ids[0..i]) in llama.cpp.
import { readFileSync, writeFileSync } from "node:fs";
import { openSequence } from "./llamaSequence.mjs";

const input = JSON.parse(readFileSync(process.argv[2], "utf8"));
const { ctx, seq, sampling } = await openSequence(input.gguf);
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
