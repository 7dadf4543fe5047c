// What asking the large model for its distribution at every catch-up position costs (rollback), against
// the last position only (plain EAD). Same model, same tokens, interleaved; medians of many repeats.
// Usage (repo root): node tools/rollback-cost/measure.mjs [repeats]
import { getLlama, LlamaLogLevel } from "node-llama-cpp";
import { readFileSync } from "node:fs";

const repeats = Number(process.argv[2] ?? 40);
const llama = await getLlama({ gpu: false, logLevel: LlamaLogLevel.error, maxThreads: 2 });
const model = await llama.loadModel({ modelPath: "test/fixtures/models/large.gguf", gpuLayers: 0 });
const context = await model.createContext({ contextSize: 2048, batchSize: 128, threads: 1 });
const seq = context.getSequence();
const text = readFileSync("bench/tasks/dev.jsonl", "utf8").split("\n").slice(0, 3).map((l) => JSON.parse(l).prefix).join("\n");
const tokens = model.tokenize(text, false).slice(0, 400);
const generateNext = { probabilities: true, options: { temperature: 1, topK: 256, topP: 1, minP: 0 } };
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

await seq.evaluateWithoutGeneratingNewTokens(tokens.slice(0, 300));
console.log("| tokens caught up | last position only, ms | every position, ms | extra |");
console.log("|---|---|---|---|");
for (const n of [2, 4, 8, 16, 32]) {
  const batch = tokens.slice(300, 300 + n);
  const times = { last: [], all: [] };
  for (let r = 0; r < repeats; r++) {
    for (const kind of r % 2 ? ["last", "all"] : ["all", "last"]) {
      await seq.eraseContextTokenRanges([{ start: 300, end: seq.nextTokenIndex }]);
      const items = batch.map((t, i) => (kind === "all" || i === n - 1 ? [t, { generateNext }] : t));
      const t0 = performance.now();
      await seq.controlledEvaluate(items);
      times[kind].push(performance.now() - t0);
    }
  }
  const last = median(times.last);
  const all = median(times.all);
  console.log(`| ${n} | ${last.toFixed(2)} | ${all.toFixed(2)} | ${(all / last).toFixed(2)}x |`);
}
await context.dispose();
await model.dispose();
