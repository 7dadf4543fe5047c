// `ead bench`: quality against cost on a task set, every mode and a threshold sweep, interleaved.
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join, resolve } from "node:path";
import { paretoSvg } from "../bench/pareto";
import { progressReporter } from "../bench/progress";
import { BENCH_CONTEXTS, configLabel, configsFor, crossConfigs, crossContexts, crossContextTokens, crossLayouts, type BenchConfig, type BenchContext, type BenchResults } from "../bench/quality";
import { DEFAULT_RESAMPLES } from "../bench/bootstrap";
import { withFidelity } from "../bench/fidelityResults";
import { OutputCollector } from "../bench/outputs";
import { benchFrom } from "./benchFrom";
import { runOverOrders } from "../bench/taskOrders";
import { DEFAULT_PROMPT_LAYOUT, PROMPT_LAYOUTS, type PromptLayout } from "../engine/fim";
import { DEFAULT_CONTEXT_MAX_TOKENS, MAX_CONTEXT_MAX_TOKENS } from "../engine/promptContext/limits";
import { BUNDLED_STARTS } from "../engine/budget/bundledStart";
import { SHARE_TARGET_LIMITS } from "../engine/budget/controller";
import { pairBudgetKey } from "../engine/budget/observe";
import { FIRST_POSITION_RULES, type FirstPositionRule } from "../engine/types";
import { summaryMarkdown } from "../bench/summaryMd";
import { hasContext, readTasks } from "../bench/tasks";
import { EadEngine } from "../engine/engine";
import { DECODE_LIMITS } from "../engine/settingLimits";
import { DECODE_MODES, DEFAULT_DECODE_SETTINGS, STABILITY_RULES, type DecodeMode, type StabilityRule } from "../engine/types";
import { engineLoadOptions, listArg, MODEL_FLAGS, numberArg, packageRoot, UsageError } from "./args";
import type { Command, FlagValues, Flags } from "./command";

export const DEFAULT_THRESHOLDS = [1, 1.5, 2, 2.5, 3, 3.5, 4];

/** Flags shared by bench and calibrate. */
export const TASK_FLAGS: Flags = {
  tasks: { value: "<jsonl>", help: "task file (default bench/tasks/dev.jsonl)" },
  limit: { value: "<n>", help: "use only the first n tasks" },
  window: { value: "<n>", help: `rolling entropy window in tokens (default ${DEFAULT_DECODE_SETTINGS.window})` },
  every: { value: "<k>", help: "use every k-th task (a subset that still spans every package of the set)" },
  "max-tokens": { value: "<n>", help: "longest completion in tokens (default 48)" },
  "top-k": { value: "<k>", help: `tokens used to estimate the entropy (default ${DEFAULT_DECODE_SETTINGS.topK})` },
  stability: { value: STABILITY_RULES.join("|"), help: `switch stability rule (default ${DEFAULT_DECODE_SETTINGS.stability})` },
  ...MODEL_FLAGS,
};

export const benchCommand: Command = {
  name: "bench",
  summary: "quality against cost on a task set: every mode and a threshold sweep, interleaved",
  flags: {
    ...TASK_FLAGS,
    modes: { value: DECODE_MODES.join(","), help: "modes to run, comma-separated (default all)" },
    thresholds: { value: "a,b,c|none", help: `EAD thresholds to sweep, bits (default ${DEFAULT_THRESHOLDS.join(",")})` },
    "large-share-target": { value: "a,b,c", help: "adds budget points: the effective threshold follows the controller, task after task" },
    "rollback-bound": { value: "a,b", help: "crosses every EAD point with each rollback bound (default 0: off)" },
    "first-position": { value: FIRST_POSITION_RULES.join(","), help: `crosses every EAD point with each first-position rule (default ${DEFAULT_DECODE_SETTINGS.firstPosition})` },
    stability: { value: STABILITY_RULES.join(","), help: `stability rules to compare, one or more (default ${DEFAULT_DECODE_SETTINGS.stability})` },
    layouts: { value: PROMPT_LAYOUTS.join(","), help: `crosses every point with each prompt layout (default ${DEFAULT_PROMPT_LAYOUT})` },
    context: { value: BENCH_CONTEXTS.join(","), help: "crosses every point with and without the tasks' context from other files; points without it are labelled +no context (default with, where tasks carry it)" },
    "context-tokens": { value: "a,b,c", help: `crosses every point that carries context with each bound on the context block's tokens, as ead.context.maxTokens (default ${DEFAULT_CONTEXT_MAX_TOKENS}; the block also keeps to half the prompt)` },
    orders: { value: "<n>", help: "runs the budget points over n task orders (the file's, then seeded shuffles) and reports their mean and spread, 1..50 (default 1)" },
    fidelity: { value: "on|off", help: "agreement with large-only and gapClosed per point; small-only and large-only are then always run (default on)" },
    compare: { value: "A,B", help: "two point labels (results.json's `label`): their differences with 95 % intervals" },
    from: { value: "<dir,dir>", help: "loads no model: fidelity, intervals and --compare on the outputs.jsonl(.gz) of earlier runs on the same tasks; points of every run after the first are named <folder>:<label>; writes fidelity.md with --out" },
    resamples: { value: "<n>", help: `paired-bootstrap resamples over tasks, seeded (default ${DEFAULT_RESAMPLES}, at least 1000)` },
    out: { value: "<dir>", help: "output folder (default bench-out)" },
  },
  notes: "Writes results.json, outputs.jsonl (every completion), pareto.svg and summary.md to the output folder.",
  run: runBench,
};

export function commonSettings(v: Record<string, unknown>) {
  const stability = (v.stability as string | undefined) ?? DEFAULT_DECODE_SETTINGS.stability;
  if (!STABILITY_RULES.includes(stability as StabilityRule)) throw new UsageError(`--stability must be one of ${STABILITY_RULES.join(", ")}`);
  return {
    window: numberArg(v, "window", DEFAULT_DECODE_SETTINGS.window, DECODE_LIMITS.window),
    maxTokens: numberArg(v, "max-tokens", 48, DECODE_LIMITS.maxTokens),
    topK: numberArg(v, "top-k", DEFAULT_DECODE_SETTINGS.topK, DECODE_LIMITS.topK),
    stability: stability as StabilityRule,
    hysteresis: DEFAULT_DECODE_SETTINGS.hysteresis,
    minStay: DEFAULT_DECODE_SETTINGS.minStay,
    draftTokens: DEFAULT_DECODE_SETTINGS.draftTokens,
  };
}

export async function loadTasksArg(v: Record<string, unknown>) {
  const path = (v.tasks as string | undefined) ?? join(packageRoot(), "bench", "tasks", "dev.jsonl");
  const limit = numberArg(v, "limit", Infinity, { integer: true, min: 1, allowInfinity: true });
  // Every k-th task: a subset that still spans every package of the set (--limit takes the first ones).
  const every = numberArg(v, "every", 1, { integer: true, min: 1 });
  try {
    return (await readTasks(path)).filter((_, i) => i % every === 0).slice(0, limit);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export async function loadEngineArg(v: Record<string, unknown>) {
  const options = engineLoadOptions(v);
  return { engine: await EadEngine.load(options), threads: options.threads };
}

async function runBench(v: FlagValues, argv: readonly string[]): Promise<number> {
  if (v.from !== undefined) return benchFrom(v, numberArg(v, "resamples", DEFAULT_RESAMPLES, { integer: true, min: 1000, max: 100_000 }));
  const modes = (listArg(v, "modes") ?? [...DECODE_MODES]) as DecodeMode[];
  for (const m of modes) if (!DECODE_MODES.includes(m)) throw new UsageError(`unknown mode "${m}" in --modes`);
  const thresholdList = listArg(v, "thresholds") ?? DEFAULT_THRESHOLDS.map(String);
  const thresholds = (thresholdList.length === 1 && thresholdList[0] === "none" ? [] : thresholdList).map((t) => {
    const n = Number(t);
    if (!Number.isFinite(n) || n < 0) throw new UsageError(`--thresholds must be non-negative numbers, got "${t}"`);
    return n;
  });
  // Several stability rules may be compared in one interleaved run.
  const stabilities = (listArg(v, "stability") ?? [DEFAULT_DECODE_SETTINGS.stability]) as StabilityRule[];
  for (const s of stabilities) if (!STABILITY_RULES.includes(s)) throw new UsageError(`--stability must list some of ${STABILITY_RULES.join(", ")}`);
  const targets = (listArg(v, "large-share-target") ?? []).map((t) => {
    const n = Number(t);
    if (!(n >= SHARE_TARGET_LIMITS.min && n <= SHARE_TARGET_LIMITS.max)) throw new UsageError(`--large-share-target values must be between ${SHARE_TARGET_LIMITS.min} and ${SHARE_TARGET_LIMITS.max}, got "${t}"`);
    return n;
  });
  const bounds = (listArg(v, "rollback-bound") ?? ["0"]).map((t) => {
    const n = Number(t);
    if (!(n >= 0 && n <= 1)) throw new UsageError(`--rollback-bound values must be probabilities (0..1), got "${t}"`);
    return n;
  });
  const firsts = (listArg(v, "first-position") ?? [DEFAULT_DECODE_SETTINGS.firstPosition]) as FirstPositionRule[];
  for (const f of firsts) if (!FIRST_POSITION_RULES.includes(f)) throw new UsageError(`--first-position must list some of ${FIRST_POSITION_RULES.join(", ")}`);
  const layouts = (listArg(v, "layouts") ?? []) as PromptLayout[];
  for (const l of layouts) if (!PROMPT_LAYOUTS.includes(l)) throw new UsageError(`--layouts must list some of ${PROMPT_LAYOUTS.join(", ")}`);
  const settings = commonSettings({ ...v, stability: stabilities[0] });
  const orders = numberArg(v, "orders", 1, { integer: true, min: 1, max: 50 });
  const fidelity = ((v.fidelity as string | undefined) ?? "on").toLowerCase();
  if (fidelity !== "on" && fidelity !== "off") throw new UsageError(`--fidelity must be on or off, got "${v.fidelity}"`);
  // Fidelity is measured against large-only and small-only of the same run: both always run with it.
  if (fidelity === "on") for (const m of ["large", "small"] as const) if (!modes.includes(m)) modes.unshift(m);
  const resamples = numberArg(v, "resamples", DEFAULT_RESAMPLES, { integer: true, min: 1000, max: 100_000 });
  const budgetPoints: BenchConfig[] = modes.includes("ead")
    ? stabilities.flatMap((stability) => targets.map((target) => ({ mode: "ead" as const, threshold: null, stability, target })))
    : [];
  const contexts = contextsArg(v);
  const configs = crossContextTokens(crossContexts(crossLayouts(crossConfigs([...configsFor(modes, thresholds, stabilities), ...budgetPoints], bounds, firsts), layouts), contexts), contextTokensArg(v));
  const labels = configs.map((c) => configLabel(c, stabilities.length > 1));
  const compare = compareArg(v, labels, fidelity === "on");
  const tasks = await loadTasksArg(v);
  if (contexts.includes("with") && !tasks.some(hasContext)) {
    throw new UsageError(`--context with: no task of ${(v.tasks as string | undefined) ?? "bench/tasks/dev.jsonl"} carries a "context" field (a cross-file set such as bench/tasks/dev-crossfile.jsonl does)`);
  }
  const out = resolve((v.out as string | undefined) ?? join(packageRoot(), "bench-out"));
  const { engine, threads } = await loadEngineArg(v);
  try {
    const budgetStart = BUNDLED_STARTS[pairBudgetKey(engine.info, settings.window, settings.topK)];
    const collector = new OutputCollector(tasks);
    const modesResults = await runOverOrders(engine, tasks, configs, settings, orders, progressReporter(), { budgetStart, onOutput: collector.record });
    const { maxTokens, window, topK, hysteresis, minStay, draftTokens } = settings;
    const fidelityResults =
      fidelity === "on"
        ? withFidelity(configs, labels, modesResults, collector, { resamples, compare })
        : { modes: modesResults.map((m, c) => ({ ...m, label: labels[c] })) };
    const identifierTasks = tasks.filter((t) => t.identifier !== undefined).length;
    const results: BenchResults = {
      tasks: tasks.length,
      ...(identifierTasks ? { identifierTasks } : {}),
      ...fidelityResults,
      settings: { maxTokens, window, topK, stabilities, hysteresis, minStay, draftTokens, tokenHealing: engine.tokenHealing },
      machine: { cpus: cpus().length, threads, node: process.version },
    };
    mkdirSync(out, { recursive: true });
    const command = `node dist/cli.js bench ${argv.join(" ")}`.trim();
    writeFileSync(join(out, "results.json"), JSON.stringify(results, null, 2) + "\n");
    writeFileSync(join(out, "outputs.jsonl"), collector.lines(configs, labels).map((l) => JSON.stringify(l)).join("\n") + "\n");
    writeFileSync(join(out, "pareto.svg"), paretoSvg(modesResults, `${tasks.length} tasks, ${engine.info.small.name} / ${engine.info.large.name}`));
    writeFileSync(join(out, "summary.md"), summaryMarkdown(results, command));
    process.stdout.write(summaryMarkdown(results, command));
    console.log(`wrote ${join(out, "results.json")}, outputs.jsonl, pareto.svg, summary.md`);
  } finally {
    await engine.dispose();
  }
  return 0;
}

/** --context-tokens a,b: whole numbers of tokens, each at most once, as ead.context.maxTokens allows. */
function contextTokensArg(v: Record<string, unknown>): number[] {
  const list = (listArg(v, "context-tokens") ?? []).map((t) => {
    const n = Number(t);
    if (!Number.isInteger(n) || n < 0 || n > MAX_CONTEXT_MAX_TOKENS) throw new UsageError(`--context-tokens values must be whole numbers of tokens from 0 to ${MAX_CONTEXT_MAX_TOKENS}, got "${t}"`);
    return n;
  });
  if (new Set(list).size !== list.length) throw new UsageError(`--context-tokens names ${list.find((n, i) => list.indexOf(n) !== i)} twice`);
  if (list.length && listArg(v, "context")?.includes("with") === false) throw new UsageError("--context-tokens bounds the context: it needs points with it (--context with)");
  return list;
}

/** --context with,without: each at most once, in the order given; none given: no crossing. */
function contextsArg(v: Record<string, unknown>): BenchContext[] {
  const list = listArg(v, "context") ?? [];
  for (const c of list) if (!BENCH_CONTEXTS.includes(c as BenchContext)) throw new UsageError(`--context must list some of ${BENCH_CONTEXTS.join(", ")}, got "${c}"`);
  if (new Set(list).size !== list.length) throw new UsageError(`--context names "${list.find((c, i) => list.indexOf(c) !== i)}" twice`);
  return list as BenchContext[];
}

/** --compare A,B: two distinct labels of this run's points, checked before any model loads. */
function compareArg(v: Record<string, unknown>, labels: readonly string[], fidelity: boolean): [string, string] | undefined {
  const pair = listArg(v, "compare");
  if (pair === undefined) return undefined;
  if (!fidelity) throw new UsageError("--compare needs --fidelity on");
  const known = `this run's points: ${labels.map((l) => `"${l}"`).join(", ")}`;
  if (pair.length !== 2 || pair[0] === pair[1]) throw new UsageError(`--compare takes two different point labels separated by a comma; ${known}`);
  for (const label of pair) if (!labels.includes(label)) throw new UsageError(`--compare: no point labelled "${label}"; ${known}`);
  return [pair[0], pair[1]];
}
