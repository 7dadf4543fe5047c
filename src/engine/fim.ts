// The one fill-in-the-middle prompt builder every mode uses, so prompts are identical across modes.
// Order is prefix-suffix-middle, with the model's own FIM tokens.
import type { LlamaModel, Token } from "node-llama-cpp";
import { EngineError } from "./errors";

export interface FimLimits {
  maxPrefixTokens: number;
  maxSuffixTokens: number;
}

export const DEFAULT_FIM_LIMITS: FimLimits = { maxPrefixTokens: 2048, maxSuffixTokens: 512 };

/**
 * The prefix is cut from the front in steps of this many tokens, so that typing does not move the cut
 * (and invalidate the whole cache) on every keystroke.
 */
export const PREFIX_CUT_STEP = 256;

export interface FimTokenIds {
  prefix: number;
  suffix: number;
  middle: number;
}

export function fimTokenIds(model: LlamaModel): FimTokenIds {
  const { prefix, suffix, middle } = model.tokens.infill;
  if (prefix == null || suffix == null || middle == null) {
    throw new EngineError(
      "NO_FIM_TOKENS",
      `${model.filename ?? "The model"} has no fill-in-the-middle tokens; use a code model with FIM support (e.g. Qwen2.5-Coder).`,
    );
  }
  return { prefix, suffix, middle };
}

/** Keeps the last `max` tokens of the prefix, cutting at a stable step. */
export function cutPrefix(tokens: readonly number[], max: number): readonly number[] {
  if (tokens.length <= max) return tokens;
  const drop = Math.ceil((tokens.length - max) / PREFIX_CUT_STEP) * PREFIX_CUT_STEP;
  return tokens.slice(drop);
}

export function buildFimPrompt(
  model: LlamaModel,
  prefix: string,
  suffix: string,
  limits: FimLimits = DEFAULT_FIM_LIMITS,
): number[] {
  const ids = fimTokenIds(model);
  const pre = cutPrefix(model.tokenize(prefix, false) as number[], limits.maxPrefixTokens);
  const suf = suffix ? (model.tokenize(suffix, false) as number[]).slice(0, limits.maxSuffixTokens) : [];
  return [ids.prefix, ...pre, ids.suffix, ...suf, ids.middle] as Token[] as number[];
}
