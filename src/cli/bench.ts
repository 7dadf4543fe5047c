// `ead bench`: quality against cost on a task set, every mode and a threshold sweep, interleaved.
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join, resolve } from "node:path";
import { paretoSvg } from "../bench/pareto";
import { progressReporter } from "../bench/progress";
import { configsFor, runQualityBench, type BenchResults } from "../bench/quality";
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
    thresholds: { value: "a,b,c", help: `EAD thresholds to sweep, bits (default ${DEFAULT_THRESHOLDS.join(",")})` },
    stability: { value: STABILITY_RULES.join(","), help: `stability rules to compare, one or more (default ${DEFAULT_DECODE_SETTINGS.stability})` },
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
  try {
    return (await readTasks(path)).slice(0, limit);
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
  const thresholds = (listArg(v, "thresholds") ?? DEFAULT_THRESHOLDS.map(String)).map((t) => {
    const n = Number(t);
    if (!Number.isFinite(n) || n < 0) throw new UsageError(`--thresholds must be non-negative numbers, got "${t}"`);
    return n;
  });
  // Several stability rules may be compared in one interleaved run.
  const stabilities = (listArg(v, "stability") ?? [DEFAULT_DECODE_SETTINGS.stability]) as StabilityRule[];
  for (const s of stabilities) if (!STABILITY_RULES.includes(s)) throw new UsageError(`--stability must list some of ${STABILITY_RULES.join(", ")}`);
  const settings = commonSettings({ ...v, stability: stabilities[0] });
  const tasks = await loadTasksArg(v);
  const out = resolve((v.out as string | undefined) ?? join(packageRoot(), "bench-out"));
  const { engine, threads } = await loadEngineArg(v);
  try {
    const configs = configsFor(modes, thresholds, stabilities);
    const modesResults = await runQualityBench(engine, tasks, configs, settings, progressReporter());
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
