// The one table of numeric setting limits and defaults. The engine clamps to it, the editor's settings
// check warns with it, the CLI parses flags with it, and a unit test holds package.json's
// contributes.configuration (minimum, maximum, default, integer type) equal to it.

export interface NumberLimit {
  readonly min: number;
  readonly max: number;
  readonly default: number;
  readonly integer: boolean;
}

/** Decode settings (ead.<key> in the editor, except draftTokens which only the CLI and benchmarks set). */
export const DECODE_LIMITS = {
  threshold: { min: 0, max: 16, default: 5.4, integer: false },
  window: { min: 1, max: 64, default: 32, integer: true },
  hysteresis: { min: 0, max: 4, default: 0.5, integer: false },
  minStay: { min: 0, max: 64, default: 4, integer: true },
  topK: { min: 10, max: 4096, default: 256, integer: true },
  maxTokens: { min: 1, max: 1024, default: 64, integer: true },
  draftTokens: { min: 1, max: 16, default: 4, integer: true },
  /** Rollback during catch-up: a small token the large model gives less than this is rewritten; 0 = off. */
  rollbackBound: { min: 0, max: 1, default: 0, integer: false },
} as const satisfies Record<string, NumberLimit>;

/** Editor-side settings (ead.<key>). */
export const EDITOR_LIMITS = {
  debounceMs: { min: 0, max: 2000, default: 150, integer: true },
  /** 0 means automatic: the physical cores (machine/cores). */
  threads: { min: 0, max: 64, default: 0, integer: true },
  /** MiB; 0 means whatever memory is available. */
  memoryBudgetMB: { min: 0, max: 1_048_576, default: 0, integer: true },
  /** The large-share budget: the share of tokens the large model should write. */
  largeShareTarget: { min: 0.05, max: 0.95, default: 0.3, integer: false },
  /** ms: the longest wait for the team server's (ead.largeServer) answer before the small model goes on. */
  largeServerTimeoutMs: { min: 500, max: 60_000, default: 5000, integer: true },
  /** Idle minutes after which the pair is unloaded; 0 keeps it loaded while the window is open. */
  idleUnloadMinutes: { min: 0, max: 1440, default: 15, integer: true },
} as const satisfies Record<string, NumberLimit>;

/** The decode settings the editor exposes as ead.<key>, in the order the settings panel shows them. */
export const DECODE_KEYS = ["mode", "threshold", "window", "stability", "hysteresis", "minStay", "topK", "maxTokens"] as const;

/** Every decode setting read from the editor: the panel's sliders plus rollback and the first-position rule. */
export const EDITOR_DECODE_KEYS = [...DECODE_KEYS, "rollbackBound", "firstPosition"] as const;
