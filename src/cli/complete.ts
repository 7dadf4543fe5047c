// `ead complete`: one completion from a prefix (and optional suffix) file, as text or JSON.
import { readFile } from "node:fs/promises";
import { EadEngine } from "../engine/engine";
import { DECODE_LIMITS } from "../engine/settingLimits";
import { DECODE_MODES, DEFAULT_DECODE_SETTINGS, STABILITY_RULES, type DecodeMode, type StabilityRule } from "../engine/types";
import { engineLoadOptions, MODEL_FLAGS, numberArg, UsageError } from "./args";
import type { Command, FlagValues } from "./command";

const d = DEFAULT_DECODE_SETTINGS;
const range = (k: keyof typeof DECODE_LIMITS) => `${DECODE_LIMITS[k].min}..${DECODE_LIMITS[k].max}, default ${DECODE_LIMITS[k].default}`;

export const completeCommand: Command = {
  name: "complete",
  summary: "one completion from a prefix file (and an optional suffix file), as text or JSON",
  flags: {
    "prefix-file": { value: "<file>", help: "text before the cursor (required)" },
    "suffix-file": { value: "<file>", help: "text after the cursor" },
    mode: { value: DECODE_MODES.join("|"), help: `decoding mode (default ${d.mode})` },
    threshold: { value: "<bits>", help: `EAD entropy threshold; inf or -inf pin the writer (default ${d.threshold})` },
    window: { value: "<n>", help: `rolling entropy window in tokens (${range("window")})` },
    "top-k": { value: "<k>", help: `tokens used to estimate the entropy (${range("topK")})` },
    "max-tokens": { value: "<n>", help: `longest completion in tokens (${range("maxTokens")})` },
    stability: { value: STABILITY_RULES.join("|"), help: `switch stability rule (default ${d.stability})` },
    draft: { value: "<n>", help: `speculative draft length (${range("draftTokens")})` },
    ...MODEL_FLAGS,
    json: { help: "print text, tokens and stats as one JSON line" },
  },
  run: runComplete,
};

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

async function runComplete(values: FlagValues): Promise<number> {
  const mode = (values.mode as string | undefined) ?? "ead";
  if (!DECODE_MODES.includes(mode as DecodeMode)) throw new UsageError(`--mode must be one of ${DECODE_MODES.join(", ")}, got "${mode}"`);
  const stability = (values.stability as string | undefined) ?? DEFAULT_DECODE_SETTINGS.stability;
  if (!STABILITY_RULES.includes(stability as StabilityRule)) throw new UsageError(`--stability must be one of ${STABILITY_RULES.join(", ")}`);
  if (!values["prefix-file"]) throw new UsageError("--prefix-file is required");
  const settings = {
    mode: mode as DecodeMode,
    stability: stability as StabilityRule,
    threshold: numberArg(values, "threshold", DEFAULT_DECODE_SETTINGS.threshold, { min: 0, allowInfinity: true }),
    window: numberArg(values, "window", DEFAULT_DECODE_SETTINGS.window, DECODE_LIMITS.window),
    topK: numberArg(values, "top-k", DEFAULT_DECODE_SETTINGS.topK, DECODE_LIMITS.topK),
    maxTokens: numberArg(values, "max-tokens", DEFAULT_DECODE_SETTINGS.maxTokens, DECODE_LIMITS.maxTokens),
    draftTokens: numberArg(values, "draft", DEFAULT_DECODE_SETTINGS.draftTokens, DECODE_LIMITS.draftTokens),
  };
  const prefix = await readText(values["prefix-file"] as string, "prefix file");
  const suffix = values["suffix-file"] ? await readText(values["suffix-file"] as string, "suffix file") : "";

  const engine = await EadEngine.load(engineLoadOptions(values));
  try {
    const result = await engine.complete({ prefix, suffix, settings });
    if (values.json) {
      const { stats } = result;
      const out = {
        text: result.text,
        tokens: result.tokens.map((t) => ({ text: t.text, model: t.model, entropy: t.entropy, rolling: t.rolling })),
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
