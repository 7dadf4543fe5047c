// Mean next-token loss of the fixture models on the dev set, measured inside llama.cpp.
//
// usage: node tools/fixture-models/eval_dev.mjs [--every K] [--limit N] [--dir test/fixtures/models]
//
// For each task the prompt is <|fim_prefix|> prefix <|fim_suffix|> suffix <|fim_middle|> and the
// reference tokens follow; the loss is -log p(reference token | everything before it), averaged over
// all reference tokens of the selected tasks (token-weighted). Probabilities come from a
// temperature-1 evaluation over the full vocabulary (topK = vocabulary size, topP 1, minP 0).
import { getLlama } from "node-llama-cpp";
import { readFileSync } from "node:fs";
import path from "node:path";

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const every = Number(opt("--every", 1));
const limit = Number(opt("--limit", 1e9));
const dir = path.resolve(process.cwd(), opt("--dir", "test/fixtures/models"));
const tasksPath = path.resolve(process.cwd(), opt("--tasks", "bench/tasks/dev.jsonl"));

const tasks = readFileSync(tasksPath, "utf8").trim().split("\n").map((l) => JSON.parse(l))
  .filter((_, i) => i % every === 0).slice(0, limit);

export async function referenceLoss(model, ctx, seq, task) {
  const t = model.tokens.infill;
  const head = [t.prefix, ...model.tokenize(task.prefix), t.suffix, ...model.tokenize(task.suffix), t.middle];
  const ref = model.tokenize(task.reference);
  const all = [...head, ...ref];
  const sampling = { temperature: 1, topK: model.tokens.vocabularySize ?? 4096, topP: 1, minP: 0 };
  const items = all.map((tok, i) => (i >= head.length - 1 && i < all.length - 1
    ? [tok, { generateNext: { probabilities: true, options: sampling } }] : tok));
  await seq.clearHistory();
  const res = await seq.controlledEvaluate(items);
  let nll = 0, top1 = 0;
  for (let k = 0; k < ref.length; k++) {
    const probs = res[head.length - 1 + k].next.probabilities;
    nll += -Math.log(Math.max(probs.get(ref[k]) ?? 0, 1e-10));
    if (probs.keys().next().value === ref[k]) top1++;
  }
  return { nll, top1, n: ref.length, promptTokens: all.length };
}

const llama = await getLlama({ gpu: false, build: "never", logLevel: "error" });
const out = {};
for (const name of ["small", "large"]) {
  const model = await llama.loadModel({ modelPath: path.join(dir, name + ".gguf") });
  const ctx = await model.createContext({ contextSize: 1024, threads: 1, batchSize: 512 });
  const seq = ctx.getSequence();
  const t0 = Date.now();
  let nll = 0, top1 = 0, n = 0, maxPrompt = 0;
  const perKind = {};
  for (const task of tasks) {
    const r = await referenceLoss(model, ctx, seq, task);
    nll += r.nll; top1 += r.top1; n += r.n; maxPrompt = Math.max(maxPrompt, r.promptTokens);
    const k = (perKind[task.kind] ??= { nll: 0, n: 0 });
    k.nll += r.nll; k.n += r.n;
  }
  out[name] = {
    tasks: tasks.length, referenceTokens: n, meanLoss: nll / n, top1: top1 / n, maxPromptTokens: maxPrompt,
    perKind: Object.fromEntries(Object.entries(perKind).map(([k, v]) => [k, v.nll / v.n])), seconds: (Date.now() - t0) / 1000,
  };
  await ctx.dispose();
  await model.dispose();
}
out.gap = out.small.meanLoss - out.large.meanLoss;
console.log(JSON.stringify(out, null, 1));
