// The large-share budget: the effective EAD threshold that makes the large model write about a target
// share of the tokens on the code at hand. A fixed threshold does not travel between codebases (the
// small model's entropy level shifts with the code, and the large share with it), so the threshold is
// read off the recent rolling entropies: the large model writes when the rolling mean is above the
// threshold, so the (1 - target) quantile of recent rolling means gives about `target` large tokens.
// A slow integral correction on the realised share absorbs what the quantile alone misses (a
// stability rule holding the large model longer, the large model's own entropies after a switch).
// Plain data in and out: the state is saved by the caller (per model pair) and restored later.

import { EDITOR_LIMITS } from "../settingLimits";
import { RecentValues } from "./recentValues";

export interface BudgetState {
  version: 1;
  /** Recent rolling entropies (bits), oldest first. */
  samples: number[];
  /** Added to the target when reading the quantile (share units). */
  correction: number;
  /** Recent completions: [large tokens, all tokens], oldest first. */
  recent: [number, number][];
  /** Effective thresholds of recent completions, oldest first (for the stats view). */
  thresholds: number[];
}

export interface BudgetOptions {
  /** Rolling entropies kept (memory bound). */
  capacity: number;
  /** Below this many samples the caller's fixed threshold is used. */
  minSamples: number;
  /** Integral gain on (target - realised share), per 24 tokens of completion. */
  gain: number;
  /** Bound on the correction (share units). */
  maxCorrection: number;
  /** Completions kept for the realised share and the threshold history. */
  history: number;
}

export const DEFAULT_BUDGET_OPTIONS: BudgetOptions = { capacity: 1024, minSamples: 48, gain: 0.05, maxCorrection: 0.25, history: 64 };

export const SHARE_TARGET_LIMITS = EDITOR_LIMITS.largeShareTarget;

export function emptyBudgetState(): BudgetState {
  return { version: 1, samples: [], correction: 0, recent: [], thresholds: [] };
}

/** A saved state as read back from storage; anything malformed gives an empty state. */
export function parseBudgetState(value: unknown): BudgetState {
  const v = value as Partial<BudgetState> | undefined;
  if (!v || v.version !== 1 || !Array.isArray(v.samples)) return emptyBudgetState();
  const nums = (a: unknown) => (Array.isArray(a) ? a.filter((x): x is number => typeof x === "number" && Number.isFinite(x)) : []);
  return {
    version: 1,
    samples: nums(v.samples),
    correction: typeof v.correction === "number" && Number.isFinite(v.correction) ? v.correction : 0,
    recent: Array.isArray(v.recent)
      ? v.recent.filter((r): r is [number, number] => Array.isArray(r) && r.length === 2 && r.every((x) => typeof x === "number" && x >= 0) && r[0] <= r[1])
      : [],
    thresholds: nums(v.thresholds),
  };
}

export class BudgetController {
  private readonly samples: RecentValues;
  private correction: number;
  private readonly recent: [number, number][];
  private readonly thresholds: number[];
  readonly options: BudgetOptions;

  constructor(
    private targetShare: number,
    state: BudgetState = emptyBudgetState(),
    options: Partial<BudgetOptions> = {},
  ) {
    this.options = { ...DEFAULT_BUDGET_OPTIONS, ...options };
    this.target = targetShare;
    this.samples = new RecentValues(this.options.capacity, state.samples);
    this.correction = Math.max(-this.options.maxCorrection, Math.min(this.options.maxCorrection, state.correction));
    this.recent = state.recent.slice(-this.options.history);
    this.thresholds = state.thresholds.slice(-this.options.history);
  }

  get target(): number {
    return this.targetShare;
  }

  set target(share: number) {
    if (!(share >= SHARE_TARGET_LIMITS.min && share <= SHARE_TARGET_LIMITS.max)) {
      throw new RangeError(`large-share target must be between ${SHARE_TARGET_LIMITS.min} and ${SHARE_TARGET_LIMITS.max}, got ${share}`);
    }
    this.targetShare = share;
  }

  /** The threshold (bits) for the next completion; `fallback` until enough entropies were seen. */
  threshold(fallback: number): number {
    if (this.samples.size < this.options.minSamples) return fallback;
    const share = Math.min(0.99, Math.max(0.01, this.targetShare + this.correction));
    return this.samples.quantile(1 - share);
  }

  /**
   * Records a finished completion: the rolling means it saw (those that entered a decision), how many
   * tokens the large model wrote out of all, and the threshold it ran with.
   */
  observe(rollings: readonly number[], largeTokens: number, totalTokens: number, threshold: number): void {
    // A completion that ran on the fallback threshold says nothing about the quantile's bias.
    const fromQuantile = this.samples.size >= this.options.minSamples;
    for (const r of rollings) this.samples.push(r);
    if (totalTokens > 0) {
      const share = largeTokens / totalTokens;
      // Weighted by length, so the correction follows the pooled share over tokens (the user's cost),
      // not the mean share per completion (long completions are mostly the small model's).
      const weight = totalTokens / 24;
      if (fromQuantile) {
        const c = this.correction + this.options.gain * weight * (this.targetShare - share);
        this.correction = Math.max(-this.options.maxCorrection, Math.min(this.options.maxCorrection, c));
      }
      this.recent.push([largeTokens, totalTokens]);
      if (this.recent.length > this.options.history) this.recent.shift();
    }
    if (Number.isFinite(threshold)) {
      this.thresholds.push(threshold);
      if (this.thresholds.length > this.options.history) this.thresholds.shift();
    }
  }

  /** Large share over the recent completions (tokens pooled); NaN before any. */
  get realisedShare(): number {
    let large = 0;
    let total = 0;
    for (const [l, t] of this.recent) {
      large += l;
      total += t;
    }
    return total === 0 ? Number.NaN : large / total;
  }

  get sampleCount(): number {
    return this.samples.size;
  }

  get thresholdHistory(): readonly number[] {
    return this.thresholds;
  }

  toJSON(): BudgetState {
    return {
      version: 1,
      samples: this.samples.toArray().map((x) => Math.round(x * 1000) / 1000),
      correction: this.correction,
      recent: this.recent.map((r) => [r[0], r[1]]),
      thresholds: [...this.thresholds],
    };
  }
}
