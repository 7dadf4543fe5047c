// `ead bench`: quality against cost on a task set, every mode and a threshold sweep, interleaved.
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join, resolve } from "node:path";
import { paretoSvg } from "../bench/pareto";
import { progressReporter } from "../bench/progress";
import { configsFor, crossConfigs, crossLayouts, type BenchConfig, type BenchResults } from "../bench/quality";
import { runOverOrders } from "../bench/taskOrders";
import { DEFAULT_PROMPT_LAYOUT, PROMPT_LAYOUTS, type PromptLayout } from "../engine/fim";
import { BUNDLED_STARTS } from "../engine/budget/bundledStart";
import { SHARE_TARGET_LIMITS } from "../engine/budget/controller";
import { pairBudgetKey } from "../engine/budget/observe";
import { FIRST_POSITION_RULES, type FirstPositionRule } from "../engine/types";
import { summaryMarkdown } from "../bench/summaryMd";
import { readTasks } from "../bench/tasks";
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
    "first-position": { value: FIRST_POSITION_RULES.join(","), help: "crosses every EAD point with each first-position rule (default counted)" },
    stability: { value: STABILITY_RULES.join(","), help: `stability rules to compare, one or more (default ${DEFAULT_DECODE_SETTINGS.stability})` },
    layouts: { value: PROMPT_LAYOUTS.join(","), help: `crosses every point with each prompt layout (default ${DEFAULT_PROMPT_LAYOUT})` },
    orders: { value: "<n>", help: "runs the budget points over n task orders (the file's, then seeded shuffles) and reports their mean and spread, 1..50 (default 1)" },
    out: { value: "<dir>", help: "output folder (default bench-out)" },
  },
  notes: "Writes results.json, pareto.svg and summary.md to the output folder.",
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
  return { engine: await EadEngine.load(options), threads: options.threads ?? 1 };
}

async function runBench(v: FlagValues, argv: readonly string[]): Promise<number> {
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
  const firsts = (listArg(v, "first-position") ?? ["counted"]) as FirstPositionRule[];
  for (const f of firsts) if (!FIRST_POSITION_RULES.includes(f)) throw new UsageError(`--first-position must list some of ${FIRST_POSITION_RULES.join(", ")}`);
  const layouts = (listArg(v, "layouts") ?? []) as PromptLayout[];
  for (const l of layouts) if (!PROMPT_LAYOUTS.includes(l)) throw new UsageError(`--layouts must list some of ${PROMPT_LAYOUTS.join(", ")}`);
  const settings = commonSettings({ ...v, stability: stabilities[0] });
  const orders = numberArg(v, "orders", 1, { integer: true, min: 1, max: 50 });
  const tasks = await loadTasksArg(v);
  const out = resolve((v.out as string | undefined) ?? join(packageRoot(), "bench-out"));
  const { engine, threads } = await loadEngineArg(v);
  try {
    const budgetPoints: BenchConfig[] = modes.includes("ead")
      ? stabilities.flatMap((stability) => targets.map((target) => ({ mode: "ead" as const, threshold: null, stability, target })))
      : [];
    const configs = crossLayouts(crossConfigs([...configsFor(modes, thresholds, stabilities), ...budgetPoints], bounds, firsts), layouts);
    const budgetStart = BUNDLED_STARTS[pairBudgetKey(engine.info, settings.window, settings.topK)];
    const modesResults = await runOverOrders(engine, tasks, configs, settings, orders, progressReporter(), { budgetStart });
    const { maxTokens, window, topK, hysteresis, minStay, draftTokens } = settings;
    const results: BenchResults = {
      tasks: tasks.length,
      modes: modesResults,
      settings: { maxTokens, window, topK, stabilities, hysteresis, minStay, draftTokens },
      machine: { cpus: cpus().length, threads, node: process.version },
    };
    mkdirSync(out, { recursive: true });
    const command = `node dist/cli.js bench ${argv.join(" ")}`.trim();
    writeFileSync(join(out, "results.json"), JSON.stringify(results, null, 2) + "\n");
    writeFileSync(join(out, "pareto.svg"), paretoSvg(modesResults, `${tasks.length} tasks, ${engine.info.small.name} / ${engine.info.large.name}`));
    writeFileSync(join(out, "summary.md"), summaryMarkdown(results, command));
    process.stdout.write(summaryMarkdown(results, command));
    console.log(`wrote ${join(out, "results.json")}, pareto.svg, summary.md`);
  } finally {
    await engine.dispose();
  }
  return 0;
}
