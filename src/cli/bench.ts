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
import { DECODE_MODES, DEFAULT_DECODE_SETTINGS, STABILITY_RULES, type DecodeMode, type StabilityRule } from "../engine/types";
import { gpuArg, listArg, MODEL_OPTIONS, modelPaths, numberArg, packageRoot, parse, UsageError } from "./args";

export const BENCH_USAGE = `ead bench [--tasks <jsonl>] [--modes small,large,ead,speculative] [--thresholds a,b,c] [--window <n>]
  [--limit <n>] [--threads <n>] [--max-tokens <n>] [--top-k <k>] [--stability none,hysteresis,minStay (one or more)] [--out <dir>]
  [--small <gguf>] [--large <gguf>]`;

export const DEFAULT_THRESHOLDS = [1, 1.5, 2, 2.5, 3, 3.5, 4];

/** Options shared by bench and calibrate. */
export const TASK_OPTIONS = {
  ...MODEL_OPTIONS,
  tasks: { type: "string" },
  limit: { type: "string" },
  window: { type: "string" },
  "max-tokens": { type: "string" },
  "top-k": { type: "string" },
  stability: { type: "string" },
  out: { type: "string" },
} as const;

export function commonSettings(v: Record<string, unknown>) {
  const stability = (v.stability as string | undefined) ?? DEFAULT_DECODE_SETTINGS.stability;
  if (!STABILITY_RULES.includes(stability as StabilityRule)) throw new UsageError(`--stability must be one of ${STABILITY_RULES.join(", ")}`);
  return {
    window: numberArg(v, "window", DEFAULT_DECODE_SETTINGS.window, { integer: true, min: 1, max: 64 }),
    maxTokens: numberArg(v, "max-tokens", 48, { integer: true, min: 1, max: 1024 }),
    topK: numberArg(v, "top-k", DEFAULT_DECODE_SETTINGS.topK, { integer: true, min: 2, max: 4096 }),
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
  const paths = modelPaths(v);
  const threads = numberArg(v, "threads", 1, { integer: true, min: 1, max: 256 });
  return { engine: await EadEngine.load({ smallModelPath: paths.small, largeModelPath: paths.large, threads, gpu: gpuArg(v) }), threads };
}

export async function runBench(argv: string[]): Promise<number> {
  const v = parse(argv, { ...TASK_OPTIONS, modes: { type: "string" }, thresholds: { type: "string" } });
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
