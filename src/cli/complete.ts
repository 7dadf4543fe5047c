// `ead complete`: one completion from a prefix (and optional suffix) file, as text or JSON.
import { readFile, writeFile } from "node:fs/promises";
import { BUNDLED_STARTS } from "../engine/budget/bundledStart";
import { BudgetController, parseBudgetState, SHARE_TARGET_LIMITS } from "../engine/budget/controller";
import { observeCompletion, pairBudgetKey } from "../engine/budget/observe";
import { publicRemoteState } from "../engine/remote/publicState";
import { parsePromptContext, PromptContextError } from "../engine/promptContext/parse";
import { EadEngine } from "../engine/engine";
import { DECODE_LIMITS } from "../engine/settingLimits";
import { DECODE_MODES, DEFAULT_DECODE_SETTINGS, FIRST_POSITION_RULES, STABILITY_RULES, type DecodeMode, type PromptContext, type StabilityRule } from "../engine/types";
import { engineLoadOptions, firstPositionArg, MODEL_FLAGS, numberArg, UsageError } from "./args";
import type { Command, FlagValues } from "./command";

const d = DEFAULT_DECODE_SETTINGS;
const range = (k: keyof typeof DECODE_LIMITS) => `${DECODE_LIMITS[k].min}..${DECODE_LIMITS[k].max}, default ${DECODE_LIMITS[k].default}`;

export const completeCommand: Command = {
  name: "complete",
  summary: "one completion from a prefix file (and an optional suffix file), as text or JSON",
  flags: {
    "prefix-file": { value: "<file>", help: "text before the cursor (required)" },
    "suffix-file": { value: "<file>", help: "text after the cursor" },
    "context-file": {
      value: "<json file>",
      help: 'code from the rest of the project, put before the prompt: {"repo"?, "path"?, "maxTokens"?, "chunks": [{"path", "text"}, ...]}, oldest chunk first',
    },
    mode: { value: DECODE_MODES.join("|"), help: `decoding mode (default ${d.mode})` },
    threshold: { value: "<bits>", help: `EAD entropy threshold; inf or -inf pin the writer (default ${d.threshold})` },
    window: { value: "<n>", help: `rolling entropy window in tokens (${range("window")})` },
    "top-k": { value: "<k>", help: `tokens used to estimate the entropy (${range("topK")})` },
    "max-tokens": { value: "<n>", help: `longest completion in tokens (${range("maxTokens")})` },
    stability: { value: STABILITY_RULES.join("|"), help: `switch stability rule (default ${d.stability})` },
    draft: { value: "<n>", help: `speculative draft length (${range("draftTokens")})` },
    "large-share-target": {
      value: `<${SHARE_TARGET_LIMITS.min}..${SHARE_TARGET_LIMITS.max}>`,
      help: "take the threshold from the large-share budget (the bundled pair's starting calibration, or --budget-state); --threshold is then its fallback",
    },
    "budget-state": { value: "<json file>", help: "budget controller state to start from; updated with this completion" },
    "rollback-bound": { value: "<0..1>", help: `rewrite from a small token the large model gives less than this probability (${range("rollbackBound")})` },
    "first-position": { value: FIRST_POSITION_RULES.join("|"), help: `who writes the first position (and, under largeWord, the rest of its word) and whether its entropy counts in the window (default ${d.firstPosition})` },
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

/** The --context-file: JSON read and checked field by field, every mistake a usage error naming it. */
async function readContext(path: string): Promise<PromptContext> {
  const text = await readText(path, "context file");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--context-file ${path} is not valid JSON (${(error as Error).message}); expected {"chunks": [{"path": "...", "text": "..."}]}`);
  }
  try {
    return parsePromptContext(value, `--context-file ${path}`);
  } catch (error) {
    if (error instanceof PromptContextError) throw new UsageError(error.message);
    throw error;
  }
}

async function runComplete(values: FlagValues): Promise<number> {
  const firstPosition = firstPositionArg(values) ?? DEFAULT_DECODE_SETTINGS.firstPosition;
  const target = values["large-share-target"] === undefined ? undefined : numberArg(values, "large-share-target", SHARE_TARGET_LIMITS.default, SHARE_TARGET_LIMITS);
  if (values["budget-state"] && target === undefined) throw new UsageError("--budget-state needs --large-share-target");
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
    rollbackBound: numberArg(values, "rollback-bound", DECODE_LIMITS.rollbackBound.default, DECODE_LIMITS.rollbackBound),
    firstPosition,
  };
  const prefix = await readText(values["prefix-file"] as string, "prefix file");
  const suffix = values["suffix-file"] ? await readText(values["suffix-file"] as string, "suffix file") : "";
  const context = values["context-file"] ? await readContext(values["context-file"] as string) : undefined;

  const engine = await EadEngine.load(engineLoadOptions(values));
  try {
    const key = pairBudgetKey(engine.info, settings.window, settings.topK);
    const statePath = values["budget-state"] as string | undefined;
    let controller: BudgetController | undefined;
    if (target !== undefined) {
      const saved = statePath ? await readFile(statePath, "utf8").then((t) => JSON.parse(t)[key], () => undefined) : undefined;
      controller = new BudgetController(target, saved ? parseBudgetState(saved) : BUNDLED_STARTS[key]);
      settings.threshold = controller.threshold(settings.threshold);
    }
    const result = await engine.complete({ prefix, suffix, settings, ...(context ? { context } : {}) });
    if (controller && statePath) {
      observeCompletion(controller, result);
      await writeFile(statePath, JSON.stringify({ [key]: controller.toJSON() }) + "\n");
    }
    if (values.json) {
      const { stats } = result;
      const out = {
        text: result.text,
        tokens: result.tokens.map((t) => ({ id: t.id, text: t.text, model: t.model, entropy: t.entropy, rolling: t.rolling, ...(t.replaces ? { replaces: t.replaces } : {}) })),
        threshold: result.settings.threshold,
        ...(target !== undefined ? { largeShareTarget: target } : {}),
        stats: {
          smallTokens: stats.smallTokens,
          largeTokens: stats.largeTokens,
          switches: stats.switches,
          rollbacks: stats.rollbacks ?? 0,
          rewritten: stats.rewritten ?? 0,
          evaluated: stats.evaluated,
          ms: stats.ms,
          paramCost: stats.paramCost,
          reused: stats.reused,
          drafted: stats.drafted,
          accepted: stats.accepted,
          stopReason: stats.stopReason,
          ...(stats.fallback ? { fallback: stats.fallback } : {}),
        },
        // Where each model ran (cpu, gpu or remote) and the GPU backend, if any.
        placement: engine.info.placement,
        gpu: engine.info.gpu,
        // CPU threads per model: --threads, or the idle physical cores this run found.
        threads: engine.info.threads,
        ...(engine.remoteState ? { remote: publicRemoteState(engine.remoteState) } : {}),
      };
      process.stdout.write(JSON.stringify(out) + "\n");
    } else {
      process.stdout.write(result.text + "\n");
      if (result.stats.fallback) process.stderr.write(`ead: ${result.stats.fallback}\n`);
    }
  } finally {
    await engine.dispose();
  }
  return 0;
}
