// How likely one model is to start a cross-file task's answer with its identifier, with and without
// the task's context: a finer measure than bench's identifierHit (a greedy hit or miss per task), for
// choosing between training checkpoints on the dev cross-file set.
//
// usage: npx esbuild tools/fixture-models/probe_crossfile.ts --bundle --platform=node --format=esm \
//          --external:node-llama-cpp --outfile=tools/fixture-models/work/probe_crossfile.mjs
//        node tools/fixture-models/work/probe_crossfile.mjs --model large.gguf [--small small.gguf]
//          [--tasks bench/tasks/dev-crossfile.jsonl] [--every K] [--context-tokens 256,1024] [--per-task]
//          [--no-heal]
//
// The prompt is the engine's own (EadEngine.completionPrompt: default layout and settings, the model's
// training context, token healing on: the last token taken back); the engine's large lane then gives its
// distributions over the whole vocabulary, as the decoding modes get them, the first one kept to the
// tokens that start with the healed text (tokenHealing.ts). The identifier's tokens are those of the
// healed text and the name together. --no-heal measures the prompt as it was before healing. Per context
// variant, averaged over the tasks that name an identifier:
// - hit: each of the identifier's tokens, fed in turn, is the most likely one (a greedy completion
//   starts with it; bench's identifierHit also asks that no name character follows);
// - nameNats: -log p of those tokens, summed per task; restNats: per token after the first;
// - top1: the most likely first token starts the identifier (its text as the editor shows it, after the
//   healed text, a non-empty prefix of it; a first token that is the healed text again, such as `.`
//   before a member, does not count); mass: the probability of all first tokens that do; firstNats:
//   -log of that mass. Probabilities are floored at 1e-6.
// --context-tokens adds a "with" variant per bound on the block's tokens (as ead.context.maxTokens does).
// --per-task writes one line per task and variant to stderr: the healed text, the hit, the most likely
// first token (as shown), and the identifier's tokens here and where the context holds it.
import type { Token } from "node-llama-cpp";
import { parseArgs } from "node:util";
import { EadEngine } from "../../src/engine/engine";
import type { LocalLane } from "../../src/engine/localLane";
import { healNext } from "../../src/engine/tokenHealing";
import { promptContext, readTasks } from "../../src/bench/tasks";

const { values } = parseArgs({
  options: {
    model: { type: "string" },
    small: { type: "string" },
    tasks: { type: "string", default: "bench/tasks/dev-crossfile.jsonl" },
    every: { type: "string", default: "1" },
    threads: { type: "string", default: "1" },
    "context-tokens": { type: "string" },
    "per-task": { type: "boolean", default: false },
    "no-heal": { type: "boolean", default: false },
  },
});
if (!values.model) throw new Error("--model is required");
const every = Number(values.every);
const threads = Number(values.threads);
const tasks = (await readTasks(values.tasks!)).filter((t, i) => t.identifier && i % every === 0);
const engine = await EadEngine.load({ smallModelPath: values.small ?? values.model, largeModelPath: values.model, threads, contextSize: 4096, tokenHealing: !values["no-heal"] });
// The engine's own large lane gives the distributions, over the whole vocabulary.
const lane = engine.lanes.large as LocalLane;
const model = lane.model;
const vocab = engine.info.vocabularySize;
const texts = new Map<number, string>();
const text = (t: number) => {
  let s = texts.get(t);
  if (s === undefined) texts.set(t, (s = model.detokenize([t as Token], false)));
  return s;
};

/** How the name's tokens look where the context holds it (after a space, or not). */
function contextForms(task: { identifier?: string; context?: { text: string }[] }): string[] {
  const all = (task.context ?? []).map((c) => c.text).join("\n");
  const at = all.search(new RegExp(`(?<![\\w$])${task.identifier!.replace(/\$/g, "\\$")}(?![\\w$])`));
  return at < 0 ? [] : (model.tokenize(all.slice(Math.max(0, at - 1), at + task.identifier!.length), false) as number[]).map(text);
}

const out: Record<string, { hit: number; restNats: number; top1: number; mass: number; firstNats: number; nameNats: number; promptTokens: number }> = {};
const bounds = values["context-tokens"]?.split(",").map(Number) ?? [];
for (const variant of ["with", "without", ...bounds.map((b) => `with ${b}`)]) {
  let hit = 0, rest = 0, restTokens = 0, top1 = 0, mass = 0, firstNats = 0, nameNats = 0, promptTokens = 0;
  for (const task of tasks) {
    const bound = variant.startsWith("with ") ? Number(variant.slice(5)) : undefined;
    const context = variant === "without" ? undefined : promptContext(task, bound);
    const { prompt, healing } = engine.completionPrompt(task.prefix, task.suffix, undefined, undefined, context);
    const lead = healing?.text ?? "";
    const name = model.tokenize(lead + task.identifier!, false) as number[];
    const all = [...prompt, ...name];
    const { next } = await lane.advance(all.slice(0, -1), { outputsFrom: prompt.length - 1, topK: vocab });
    if (healing) next[0] = healNext(next[0]!, healing, text, (t) => engine.isStop(t));
    const at = (k: number) => next[k]!.probabilities;
    // What the editor would show of a first token: its text after the healed part.
    const shown = (t: number) => (text(t).startsWith(lead) ? text(t).slice(lead.length) : "");
    const starts = (t: number) => shown(t).length > 0 && task.identifier!.startsWith(shown(t));
    let m = 0;
    for (const [t, p] of at(0)) if (starts(t)) m += p;
    if (starts(at(0).keys().next().value as number)) top1++;
    mass += m;
    firstNats += -Math.log(Math.max(m, 1e-6));
    // Teacher-forced: the name's own tokens, each the most likely one (a greedy hit) or not.
    let greedy = true;
    for (let k = 0; k < name.length; k++) {
      const probs = at(k);
      const nats = -Math.log(Math.max(probs.get(name[k]! as Token) ?? 0, 1e-6));
      nameNats += nats;
      if (k > 0) { rest += nats; restTokens++; }
      if (probs.keys().next().value !== name[k]) greedy = false;
    }
    if (greedy) hit++;
    if (values["per-task"]) console.error(JSON.stringify({ id: task.id, variant, healed: lead, greedy, first: shown(at(0).keys().next().value as number), name: name.map(text), ctxName: contextForms(task) }));
    promptTokens += prompt.length;
  }
  const n = tasks.length;
  out[variant] = { hit: hit / n, restNats: rest / restTokens, top1: top1 / n, mass: mass / n, firstNats: firstNats / n, nameNats: nameNats / n, promptTokens: promptTokens / n };
}
console.log(JSON.stringify({ model: values.model, tasks: tasks.length, ...out }));
await engine.dispose();
