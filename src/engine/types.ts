// Shared types of the EAD engine. Plain data only, so they cross the host process boundary as JSON.

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
  /** Width (bits) of the hysteresis band centred on the threshold. */
  hysteresis: number;
  /** Tokens a model keeps writing after a switch before the policy may switch again. */
  minStay: number;
}

export interface DecodeSettings extends SwitchSettings {
  mode: DecodeMode;
  /** Size of the native top-K distribution whose entropy is the switching signal. */
  topK: number;
  maxTokens: number;
  /** Draft length of the speculative mode. */
  draftTokens: number;
}

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
}

export interface TokenEvent {
  /** Token id in the pair's shared vocabulary. */
  id: number;
  /** Text this token adds (may be empty while a multi-byte character is incomplete). */
  text: string;
  model: ModelRole;
  /** Entropy in bits of the writer's top-K next-token distribution. */
  entropy: number;
  /** Rolling mean of the window after this token. */
  rolling: number;
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
  /** Speculative mode: drafted and accepted tokens. */
  drafted: number;
  accepted: number;
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
  threshold: 2.0,
  window: 5,
  stability: "hysteresis",
  hysteresis: 0.5,
  minStay: 4,
  topK: 256,
  maxTokens: 64,
  draftTokens: 4,
};
