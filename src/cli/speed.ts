// `ead speed`: decode speed at real model shapes (random weights), with a replayed EAD schedule.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { loadLlamaModule } from "../engine/llama";
import { DECODE_LIMITS } from "../engine/settingLimits";
import { progressReporter } from "../bench/progress";
import { ensureShapeModel, parameterCountOf, SHAPES, tokenizerFrom } from "../bench/speed/shapes";
import { runSpeed, type SpeedReport } from "../bench/speed/run";
import { readTasks } from "../bench/tasks";
import { fixturePair } from "../engine/modelfiles/fixturePair";
import { numberArg, packageRoot, threadsArg, threadsFlag, UsageError } from "./args";
import type { Command, FlagValues } from "./command";

export const speedCommand: Command = {
  name: "speed",
  summary: "decode speed at real model shapes (random weights), with a replayed EAD schedule",
  flags: {
    "large-shape": { value: Object.keys(SHAPES).join("|"), help: "shape of the large model (default 3b)" },
    "small-shape": { value: Object.keys(SHAPES).join("|"), help: "shape of the small model (default 0.5b)" },
    "large-share": { value: "<0..1>", help: "share of tokens the replayed schedule gives the large model (default 0.25)" },
    "run-length": { value: "<n>", help: "mean run of large tokens (default: from the bench results)" },
    acceptance: { value: "<0..1>", help: "speculative acceptance to replay (default: from the bench results)" },
    "from-bench": { value: "<results.json>", help: "bench results to take run lengths and acceptance from (default bench-out/results.json)" },
    tasks: { value: "<jsonl>", help: "task file for prompts (default bench/tasks/dev.jsonl)" },
    prompts: { value: "<n>", help: "prompts to time, 1..100 (default 4)" },
    "max-tokens": { value: "<n>", help: "tokens per completion, 4..512 (default 32)" },
    threads: threadsFlag("CPU threads per model"),
    draft: { value: "<n>", help: "speculative draft length, 1..16 (default 4)" },
    repeats: { value: "<n>", help: "repeats of each measurement, 1..20 (default 1)" },
    "top-k": { value: "<k>", help: `tokens used to estimate the entropy (default ${DECODE_LIMITS.topK.default})` },
    out: { value: "<dir>", help: "output folder (default bench-out)" },
    cache: { value: "<dir>", help: "where the real-shape models are written (default .cache/speed-models)" },
    small: { value: "<gguf>", help: "time this small model instead of a shape (with --large)" },
    large: { value: "<gguf>", help: "time this large model instead of a shape (with --small)" },
    prepare: { help: "only write the real-shape models" },
  },
  run: runSpeedCommand,
};

/** EAD run lengths and speculative acceptance, as the trained pair measured them in `ead bench`. */
function fromBench(path: string): { acceptance?: number; meanLargeRun?: number } {
  const results = JSON.parse(readFileSync(path, "utf8")) as { modes: { mode: string; acceptance?: number; meanLargeRun?: number; largeShare?: number }[] };
  const spec = results.modes.find((m) => m.mode === "speculative");
  // The EAD point whose large share is closest to 25 % gives the run shape.
  const ead = results.modes.filter((m) => m.mode === "ead" && (m.meanLargeRun ?? 0) > 0).sort((a, b) => Math.abs((a.largeShare ?? 0) - 0.25) - Math.abs((b.largeShare ?? 0) - 0.25))[0];
  return { acceptance: spec?.acceptance, meanLargeRun: ead?.meanLargeRun };
}

const FALLBACK_PROMPTS = [
  "import { readFile } from 'node:fs/promises';\n\nexport async function loadConfig(path) {\n  const text = await readFile(path, 'utf8');\n  const config = JSON.parse(text);\n",
  "class LruCache {\n  constructor(limit) {\n    this.limit = limit;\n    this.map = new Map();\n  }\n\n  get(key) {\n",
];

async function runSpeedCommand(v: FlagValues): Promise<number> {
  const root = packageRoot();
  const smallShape = (v["small-shape"] as string | undefined) ?? "0.5b";
  const largeShape = (v["large-shape"] as string | undefined) ?? "3b";
  for (const s of [smallShape, largeShape]) if (!SHAPES[s]) throw new UsageError(`unknown shape "${s}"; choose one of ${Object.keys(SHAPES).join(", ")}`);
  if ((v.small === undefined) !== (v.large === undefined)) throw new UsageError("--small and --large go together");

  const benchPath = (v["from-bench"] as string | undefined) ?? join(root, "bench-out", "results.json");
  const measured = existsSync(benchPath) ? fromBench(benchPath) : {};
  const acceptance = numberArg(v, "acceptance", measured.acceptance ?? NaN, { min: 0, max: 1 });
  const meanLargeRun = numberArg(v, "run-length", measured.meanLargeRun ?? NaN, { min: 1, max: 1000 });
  if (Number.isNaN(acceptance) || Number.isNaN(meanLargeRun)) {
    throw new UsageError(`no measured acceptance/run length: run "ead bench" first (it writes ${benchPath}) or pass --acceptance and --run-length`);
  }

  const tasksPath = (v.tasks as string | undefined) ?? join(root, "bench", "tasks", "dev.jsonl");
  const promptCount = numberArg(v, "prompts", 4, { integer: true, min: 1, max: 100 });
  const prompts = existsSync(tasksPath)
    ? (await readTasks(tasksPath)).filter((_, i) => i % 7 === 0).slice(0, promptCount).map((t) => t.prefix.slice(-800))
    : FALLBACK_PROMPTS.slice(0, promptCount);

  let small = v.small as string | undefined;
  let large = v.large as string | undefined;
  let shapes = { small: basename(small ?? ""), large: basename(large ?? "") };
  if (!small || !large) {
    const cache = resolve((v.cache as string | undefined) ?? join(root, ".cache", "speed-models"));
    const lib = await loadLlamaModule();
    const tokenizerSource = fixturePair(root).small;
    const tokSmall = await tokenizerFrom(lib, tokenizerSource, SHAPES[smallShape].vocab);
    const tokLarge = SHAPES[largeShape].vocab === SHAPES[smallShape].vocab ? tokSmall : await tokenizerFrom(lib, tokenizerSource, SHAPES[largeShape].vocab);
    if (tokLarge !== tokSmall) throw new UsageError(`${largeShape} has a different vocabulary size from ${smallShape}; the pair must share one`);
    console.error(`writing random-weight Q8_0 models (once, cached in ${cache})`);
    small = ensureShapeModel(cache, SHAPES[smallShape], tokSmall);
    large = ensureShapeModel(cache, SHAPES[largeShape], tokLarge);
    const millions = (s: string) => `${(parameterCountOf(SHAPES[s]) / 1e6).toFixed(0)}M params`;
    shapes = { small: `${smallShape} (${millions(smallShape)}, Q8_0)`, large: `${largeShape} (${millions(largeShape)}, Q8_0)` };
    if (v.prepare) {
      console.log(`prepared ${small} and ${large}`);
      return 0;
    }
  }

  const report: SpeedReport = await runSpeed({
    small,
    large,
    smallShape: shapes.small,
    largeShape: shapes.large,
    threads: threadsArg(v),
    prompts,
    maxTokens: numberArg(v, "max-tokens", 32, { integer: true, min: 4, max: 512 }),
    largeShare: numberArg(v, "large-share", 0.25, { min: 0, max: 1 }),
    meanLargeRun,
    draftTokens: numberArg(v, "draft", 4, { integer: true, min: 1, max: 16 }),
    acceptance,
    repeats: numberArg(v, "repeats", 1, { integer: true, min: 1, max: 20 }),
    topK: numberArg(v, "top-k", DECODE_LIMITS.topK.default, DECODE_LIMITS.topK),
    onProgress: progressReporter(),
  });
  const out = resolve((v.out as string | undefined) ?? join(root, "bench-out"));
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "speed.json"), JSON.stringify(report, null, 2) + "\n");
  printSpeed(report);
  console.log(`wrote ${join(out, "speed.json")}`);
  return 0;
}

function printSpeed(r: SpeedReport): void {
  console.log(`small ${r.smallShape}, large ${r.largeShape}, ${r.threads} threads, ${r.prompts} prompts x ${r.maxTokens} tokens`);
  for (const m of r.modes) {
    console.log(`  ${m.mode.padEnd(12)} ${m.msPerToken.toFixed(2).padStart(9)} ms/token${m.derived ? ` (derived at acceptance ${m.acceptance})` : ""}`);
  }
  console.log(`  EAD / large-only: ${r.ratios.eadToLarge}x; EAD / speculative: ${r.ratios.eadToSpeculative}x; replayed large share ${r.schedule.largeShare.toFixed(2)}`);
  console.log(`  engine overhead ${r.engineOverheadMsPerToken} ms/token = ${r.engineOverheadPctOfSmallDecode}% of small decode`);
  console.log(`  catch-up per switch ${r.catchUpMsPerSwitch} ms; catch-up of n tokens in large decode steps: ${r.catchUp.map((c) => `${c.tokens}:${c.largeSteps}`).join(" ")}`);
  console.log(`  speculative (derived): ${r.speculativeDerived.map((s) => `a=${s.acceptance}: ${s.msPerToken} ms/token`).join("; ")}`);
}
