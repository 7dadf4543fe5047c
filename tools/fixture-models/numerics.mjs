// Helper of numerics.py: reads {gguf, samples: [{text, ids}]} from the JSON file named by argv[2],
// writes {samples: [{llamaIds, probs}]} to argv[3]. llamaIds is llama.cpp's tokenisation of text;
// probs[i] is llama.cpp's full next-token distribution after ids[0..i] (temperature 1, no truncation).
import { readFileSync, writeFileSync } from "node:fs";
import { openSequence } from "./llamaSequence.mjs";

const input = JSON.parse(readFileSync(process.argv[2], "utf8"));
const { model, ctx, seq, n, sampling } = await openSequence(input.gguf);
const out = [];
for (const s of input.samples) {
  await seq.clearHistory();
  const res = await seq.controlledEvaluate(s.ids.map((t) => [t, { generateNext: { probabilities: true, options: sampling } }]));
  const probs = res.map((r) => { const a = new Array(n).fill(0); for (const [t, p] of r.next.probabilities) a[t] = p; return a; });
  out.push({ llamaIds: Array.from(model.tokenize(s.text)), probs });
}
writeFileSync(process.argv[3], JSON.stringify({ samples: out }));
await ctx.dispose();
