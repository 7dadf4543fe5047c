// Shared types of the EAD engine. Plain data only, so they cross the host process boundary as JSON.
import { DECODE_LIMITS } from "./settingLimits";
import type { PromptLayout } from "./fim";
import type { PromptContext } from "./promptContext/types";

export type ModelRole = "small" | "large";
export type DecodeMode = "small" | "large" | "ead" | "speculative";
export const DECODE_MODES: readonly DecodeMode[] = ["small", "large", "ead", "speculative"];

/** How the EAD policy avoids flapping between models. */
export type StabilityRule = "none" | "hysteresis" | "minStay";
export const STABILITY_RULES: readonly StabilityRule[] = ["none", "hysteresis", "minStay"];

export interface SwitchSettings {
  /** Rolling-mean entropy (bits) above which the large model writes. */
  threshold: number;
  /** Number of recent tokens in the rolling mean. */
  window: number;
  stability: StabilityRule;
  /** Margin (bits) below the threshold the rolling mean must fall to before the small model takes back over. */
  hysteresis: number;
  /** Tokens a model keeps writing after a switch before the policy may switch again. */
  minStay: number;
}

/**
 * How the first position of a completion (right after the FIM marker, where its direction is set) is
 * treated. "largeWord": the large model writes the first token and, where that token begins a word, the
 * rest of the word (a name from another file is several tokens, and the small model rarely copies one).
 */
export type FirstPositionRule = "counted" | "skipped" | "large" | "largeWord";
export const FIRST_POSITION_RULES: readonly FirstPositionRule[] = ["counted", "skipped", "large", "largeWord"];
/**
 * Chosen on the dev set for the bundled pair: at budget 0.3 it closes 0.373 of the small-to-large gap,
 * against 0.334 with the first token alone ("large") and 0.199 counted, at the same share (README, "How
 * the defaults were chosen").
 */
export const DEFAULT_FIRST_POSITION: FirstPositionRule = "largeWord";

/** Whether the rule keeps the first position's entropy out of the window (and out of the budget's sample). */
export function firstPositionOutOfWindow(rule: FirstPositionRule | undefined): boolean {
  return rule === "skipped" || rule === "large" || rule === "largeWord";
}

/**
 * How many of a completion's first tokens the rule kept out of the window: the first position, and the
 * rest of a first word the rule gave the large model (those carry `heldBy: "firstPosition"`).
 */
export function leadingOutOfWindow(rule: FirstPositionRule | undefined, tokens: readonly Pick<TokenEvent, "heldBy">[]): number {
  if (!firstPositionOutOfWindow(rule) || tokens.length === 0) return 0;
  let n = 1;
  while (n < tokens.length && tokens[n].heldBy === "firstPosition") n++;
  return n;
}

export interface DecodeSettings extends SwitchSettings {
  mode: DecodeMode;
  /** Size of the native top-K distribution whose entropy is the switching signal. */
  topK: number;
  maxTokens: number;
  /** Draft length of the speculative mode. */
  draftTokens: number;
  /**
   * `ead` mode: when the large model catches up on tokens the small model wrote, it rolls back to the
   * first one whose probability under the large model is below this bound and writes from there
   * (Big Little Decoder's rollback). 0 turns rollback off.
   */
  rollbackBound?: number;
  /**
   * `ead` mode: "counted" feeds the first position's entropy into the window like any other;
   * "skipped" lets the small model write the first token and keeps its entropy out of the window;
   * "large" has the large model write it, its entropy also kept out; "largeWord" also gives the large
   * model the rest of the word that token begins, those entropies kept out too.
   */
  firstPosition?: FirstPositionRule;
}

// Repository-level context: defined in its room (promptContext/types.ts), named here with the request.
export type { ContextChunk, PromptContext } from "./promptContext/types";

export interface CompletionRequest {
  prefix: string;
  suffix?: string;
  settings?: Partial<DecodeSettings>;
  /**
   * `ead` mode only: who writes each token, replacing the entropy policy. Speed measurements replay a
   * switching schedule this way on random-weight models, whose entropies mean nothing.
   */
  schedule?: ModelRole[];
  /** Benchmarks only: keep generating through end-of-text tokens, so every run has the same length. */
  ignoreStops?: boolean;
  /** Where the prompt's prefix ends (fim.ts); benchmarks compare layouts, the editor uses the default. */
  layout?: PromptLayout;
  /** Code from the rest of the project, laid out before the FIM prompt (fim.ts); absent: today's prompt. */
  context?: PromptContext;
}

export interface TokenEvent {
  /** Token id in the pair's shared vocabulary. */
  id: number;
  /** Text this token adds (may be empty while a multi-byte character is incomplete). */
  text: string;
  model: ModelRole;
  /** Entropy in bits of the writer's top-K next-token distribution. */
  entropy: number;
  /**
   * The rolling mean the switch decision at this position compared with the threshold (the window with
   * the current writer's entropy). On a switch the window then holds the new writer's entropy instead;
   * that value feeds later positions, not this one.
   */
  rolling: number;
  /**
   * A rule that chose this writer where the threshold alone would have chosen the other model: a
   * stability rule, or the first-position rule giving the first token (or word) to the large model.
   */
  heldBy?: "hysteresis" | "minStay" | "firstPosition";
  /**
   * Rollback: this token replaces the last `count` tokens emitted before it (the first of them, `text`,
   * was rejected by the large model, which gave it probability `probability`). Stream consumers drop
   * those tokens.
   */
  replaces?: { count: number; text: string; probability: number };
}

export interface PhaseTimes {
  /** Bringing the first lane up to the prompt (prefill). */
  prefill: number;
  /** Evaluating generated tokens one at a time. */
  decode: number;
  /** Lanes catching up on tokens the other model wrote. */
  catchUp: number;
  /** Large-model verification batches (speculative mode). */
  verify: number;
  /** Wall-clock time of the whole completion. */
  total: number;
}

export interface CompletionStats {
  smallTokens: number;
  largeTokens: number;
  switches: number;
  /** Tokens each model evaluated: prompt not already cached, catch-up, generation and verification. */
  evaluated: { small: number; large: number };
  /** Prompt tokens each lane found already cached. */
  reused: { small: number; large: number };
  /**
   * Prompt tokens each model evaluated because its cache did not hold them (part of `evaluated`): what
   * an edit costs before any token is written. The engine always sets it.
   */
  promptEvaluated?: { small: number; large: number };
  ms: PhaseTimes;
  /** Parameter-weighted cost: fL + (1 - fL) * Psmall / Plarge (1 = large-only). */
  paramCost: number;
  /** `ead` with rollback: catch-ups that rolled back, and small-model tokens they discarded. */
  rollbacks?: number;
  rewritten?: number;
  /** Speculative mode: drafted and accepted tokens. */
  drafted: number;
  accepted: number;
  /** Why the large lane was not used for (part of) this completion: the team server failed or is down. */
  fallback?: string;
  /** "stopped": the caller said the text it needs is complete (a normal end, with full stats). */
  stopReason: "eog" | "maxTokens" | "stopped" | "contextFull";
}

export interface CompletionResult {
  text: string;
  tokens: TokenEvent[];
  stats: CompletionStats;
  settings: DecodeSettings;
}

export const DEFAULT_DECODE_SETTINGS: DecodeSettings = {
  mode: "ead",
  threshold: DECODE_LIMITS.threshold.default,
  window: DECODE_LIMITS.window.default,
  stability: "none",
  hysteresis: DECODE_LIMITS.hysteresis.default,
  minStay: DECODE_LIMITS.minStay.default,
  topK: DECODE_LIMITS.topK.default,
  maxTokens: DECODE_LIMITS.maxTokens.default,
  draftTokens: DECODE_LIMITS.draftTokens.default,
  rollbackBound: DECODE_LIMITS.rollbackBound.default,
  firstPosition: DEFAULT_FIRST_POSITION,
};
