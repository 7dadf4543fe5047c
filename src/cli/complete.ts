// `ead complete`: one completion from a prefix (and optional suffix) file, as text or JSON.
import { readFile } from "node:fs/promises";
import { EadEngine } from "../engine/engine";
import { DECODE_MODES, DEFAULT_DECODE_SETTINGS, STABILITY_RULES, type DecodeMode, type StabilityRule } from "../engine/types";
import { gpuArg, MODEL_OPTIONS, modelPaths, numberArg, parse, UsageError } from "./args";

export const COMPLETE_USAGE = `ead complete --prefix-file <f> [--suffix-file <f>] [--mode small|large|ead|speculative]
  [--threshold <bits>] [--window <n>] [--top-k <k>] [--max-tokens <n>] [--threads <n>]
  [--stability none|hysteresis|minStay] [--draft <n>] [--small <gguf>] [--large <gguf>] [--gpu auto|off|cuda|vulkan|metal] [--json]`;

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

export async function runComplete(argv: string[]): Promise<number> {
  const values = parse(argv, {
    ...MODEL_OPTIONS,
    mode: { type: "string" },
    threshold: { type: "string" },
    window: { type: "string" },
    "top-k": { type: "string" },
    "max-tokens": { type: "string" },
    stability: { type: "string" },
    draft: { type: "string" },
    "prefix-file": { type: "string" },
    "suffix-file": { type: "string" },
    json: { type: "boolean" },
  });
  const mode = (values.mode as string | undefined) ?? "ead";
  if (!DECODE_MODES.includes(mode as DecodeMode)) throw new UsageError(`--mode must be one of ${DECODE_MODES.join(", ")}, got "${mode}"`);
  const stability = (values.stability as string | undefined) ?? DEFAULT_DECODE_SETTINGS.stability;
  if (!STABILITY_RULES.includes(stability as StabilityRule)) throw new UsageError(`--stability must be one of ${STABILITY_RULES.join(", ")}`);
  if (!values["prefix-file"]) throw new UsageError("--prefix-file is required");
  const settings = {
    mode: mode as DecodeMode,
    stability: stability as StabilityRule,
    threshold: numberArg(values, "threshold", DEFAULT_DECODE_SETTINGS.threshold, { min: 0, allowInfinity: true }),
    window: numberArg(values, "window", DEFAULT_DECODE_SETTINGS.window, { integer: true, min: 1, max: 64 }),
    topK: numberArg(values, "top-k", DEFAULT_DECODE_SETTINGS.topK, { integer: true, min: 2, max: 4096 }),
    maxTokens: numberArg(values, "max-tokens", DEFAULT_DECODE_SETTINGS.maxTokens, { integer: true, min: 1, max: 1024 }),
    draftTokens: numberArg(values, "draft", DEFAULT_DECODE_SETTINGS.draftTokens, { integer: true, min: 1, max: 16 }),
  };
  const threads = numberArg(values, "threads", 1, { integer: true, min: 1, max: 256 });
  const prefix = await readText(values["prefix-file"] as string, "prefix file");
  const suffix = values["suffix-file"] ? await readText(values["suffix-file"] as string, "suffix file") : "";

  const paths = modelPaths(values);
  const gpu = gpuArg(values);
  const engine = await EadEngine.load({ smallModelPath: paths.small, largeModelPath: paths.large, threads, gpu });
  try {
    const result = await engine.complete({ prefix, suffix, settings });
    if (values.json) {
      const { stats } = result;
      const out = {
        text: result.text,
        tokens: result.tokens.map((t) => ({ id: t.id, text: t.text, model: t.model, entropy: t.entropy, rolling: t.rolling })),
        stats: {
          smallTokens: stats.smallTokens,
          largeTokens: stats.largeTokens,
          switches: stats.switches,
          evaluated: stats.evaluated,
          ms: stats.ms,
          paramCost: stats.paramCost,
          reused: stats.reused,
          drafted: stats.drafted,
          accepted: stats.accepted,
          stopReason: stats.stopReason,
        },
        // Where each model ran (cpu or gpu) and the GPU backend, if any.
        placement: engine.info.placement,
        gpu: engine.info.gpu,
      };
      process.stdout.write(JSON.stringify(out) + "\n");
    } else {
      process.stdout.write(result.text + "\n");
    }
  } finally {
    await engine.dispose();
  }
  return 0;
}
