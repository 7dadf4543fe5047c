// `ead shift-check`: dev-set quality with the shifted-cache reuse against exact evaluation.
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { progressReporter } from "../bench/progress";
import { measureShiftQuality } from "../bench/shiftQuality";
import { readTasks } from "../bench/tasks";
import { EadEngine } from "../engine/engine";
import { DECODE_MODES, type DecodeMode } from "../engine/types";
import { listArg, modelPaths, numberArg, packageRoot, threadsArg, threadsFlag, UsageError } from "./args";
import type { Command, FlagValues } from "./command";

export const shiftCheckCommand: Command = {
  name: "shift-check",
  summary: "dev-set quality when the cache is shifted after the prompt's front was cut, against exact evaluation",
  flags: {
    tasks: { value: "<jsonl>", help: "task file (default bench/tasks/dev.jsonl)" },
    modes: { value: "large,ead", help: "decoding modes (default large,ead)" },
    limit: { value: "<n>", help: "tasks to use (default 60)" },
    every: { value: "<n>", help: "every n-th task (default 4)" },
    "max-tokens": { value: "<n>", help: "longest completion (default 48)" },
    threads: threadsFlag("threads per model"),
    small: { value: "<gguf>", help: "small model (with --large)" },
    large: { value: "<gguf>", help: "large model (with --small)" },
    out: { value: "<dir>", help: "writes shift-check.json (default bench-out)" },
  },
  notes: "Each task runs twice: on an empty cache, and on a cache holding the prompt as it was before its front was cut by 256 tokens.",
  run: runShiftCheck,
};

async function runShiftCheck(v: FlagValues, argv: readonly string[]): Promise<number> {
  const root = packageRoot();
  const modes = (listArg(v, "modes") ?? ["large", "ead"]) as DecodeMode[];
  for (const m of modes) if (!DECODE_MODES.includes(m)) throw new UsageError(`--modes: unknown mode "${m}"`);
  const every = numberArg(v, "every", 4, { integer: true, min: 1, max: 1000 });
  const limit = numberArg(v, "limit", 60, { integer: true, min: 1, max: 100000 });
  let tasks;
  try {
    tasks = (await readTasks((v.tasks as string | undefined) ?? join(root, "bench", "tasks", "dev.jsonl"))).filter((_, i) => i % every === 0).slice(0, limit);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const maxTokens = numberArg(v, "max-tokens", 48, { integer: true, min: 1, max: 512 });
  const { small, large } = modelPaths(v);
  const threads = threadsArg(v);
  const engine = await EadEngine.load({ smallModelPath: small, largeModelPath: large, threads });
  const results = [];
  try {
    const progress = progressReporter();
    let done = 0;
    for (const mode of modes) results.push(await measureShiftQuality(engine, tasks, mode, maxTokens, () => progress(++done, modes.length * tasks.length, mode)));
  } finally {
    await engine.dispose();
  }
  for (const r of results) {
    console.log(`${r.mode}: ${r.tasks} tasks (${r.skipped} too short), edit similarity exact ${r.exact} / shifted ${r.shifted}, identical ${r.identical}, prompt tokens evaluated per task ${r.evaluated.exact} / ${r.evaluated.shifted}`);
  }
  const out = resolve((v.out as string | undefined) ?? join(root, "bench-out"));
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "shift-check.json"), JSON.stringify({ command: `node dist/cli.js shift-check ${argv.join(" ")}`.trim(), threads, results }, null, 2) + "\n");
  return 0;
}
