// `ead speed`: decode speed at real model shapes (random weights), with a replayed EAD schedule.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { loadLlamaModule } from "../engine/llama";
import { DECODE_LIMITS } from "../engine/settingLimits";
import { progressReporter } from "../bench/progress";
import { ensureShapeModel, parameterCountOf, SHAPES, tokenizerFrom } from "../bench/speed/shapes";
import { runSpeed, type SpeedReport } from "../bench/speed/run";
import { readTasks } from "../bench/tasks";
import { fixturePair } from "../models/fixturePair";
import { numberArg, packageRoot, parse, UsageError } from "./args";

export const SPEED_USAGE = `ead speed [--large-shape 1.5b|3b|7b (default 3b)] [--small-shape 0.5b] [--large-share 0.25] [--run-length <n>]
  [--acceptance <0..1>] [--from-bench <results.json>] [--tasks <jsonl>] [--prompts <n>] [--max-tokens <n>]
  [--threads <n>] [--draft <n>] [--repeats <n>] [--out <dir>] [--cache <dir>] [--small <gguf> --large <gguf>]
  [--prepare (only write the real-shape models)]`;

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

export async function runSpeedCommand(argv: string[]): Promise<number> {
  const v = parse(argv, {
    small: { type: "string" },
    large: { type: "string" },
    "small-shape": { type: "string" },
    "large-shape": { type: "string" },
    "large-share": { type: "string" },
    "run-length": { type: "string" },
    acceptance: { type: "string" },
    "from-bench": { type: "string" },
    tasks: { type: "string" },
    prompts: { type: "string" },
    "max-tokens": { type: "string" },
    threads: { type: "string" },
    draft: { type: "string" },
    repeats: { type: "string" },
    "top-k": { type: "string" },
    out: { type: "string" },
    cache: { type: "string" },
    prepare: { type: "boolean" },
  });
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
    threads: numberArg(v, "threads", 2, { integer: true, min: 1, max: 256 }),
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
