// Replays the EAD switch policy on recorded entropy sequences, and picks the threshold whose replayed
// large-model share is closest to a target. Pure functions: the settings panel and the CLI share them.
//
// A replay is an estimate. It feeds the recorded entropies (each written by whichever model wrote that
// token) through the rolling mean and the policy; in a real run, a token written by the other model
// brings that model's entropy into the window instead.
import { RollingMean } from "./entropy";
import { SwitchPolicy } from "./policy";
import { DECODE_LIMITS } from "./settingLimits";
import type { ModelRole, SwitchSettings } from "./types";

/** Tokens per model when the policy is replayed on each sequence (each one a fresh completion). */
export interface ReplayCounts {
  small: number;
  large: number;
}

/** Writers the policy picks on one entropy sequence (a fresh window and policy, as in a completion). */
export function replayWriters(entropies: readonly number[], settings: SwitchSettings): ModelRole[] {
  const window = new RollingMean(settings.window);
  const policy = new SwitchPolicy(settings);
  const writers: ModelRole[] = [];
  for (const h of entropies) {
    const writer = policy.decide(window.push(h));
    policy.commit(writer);
    writers.push(writer);
  }
  return writers;
}

export function replayCounts(entropySequences: readonly (readonly number[])[], settings: SwitchSettings): ReplayCounts {
  const counts: ReplayCounts = { small: 0, large: 0 };
  for (const sequence of entropySequences) {
    for (const writer of replayWriters(sequence, settings)) counts[writer]++;
  }
  return counts;
}

/** Share of tokens the large model would write; NaN when there are no tokens. */
export function simulatedLargeShare(entropySequences: readonly (readonly number[])[], settings: SwitchSettings): number {
  const { small, large } = replayCounts(entropySequences, settings);
  return small + large === 0 ? Number.NaN : large / (small + large);
}

/** Rolling means of every position, sorted and without duplicates: where the replayed share can change. */
function rollingValues(entropySequences: readonly (readonly number[])[], window: number): number[] {
  const values = new Set<number>();
  for (const sequence of entropySequences) {
    const mean = new RollingMean(window);
    for (const h of sequence) values.add(mean.push(h));
  }
  return [...values].sort((a, b) => a - b);
}

/** At most `max` values spread evenly over a sorted list, keeping both ends. */
function thin(sorted: number[], max: number): number[] {
  if (sorted.length <= max) return sorted;
  const out: number[] = [];
  for (let i = 0; i < max; i++) out.push(sorted[Math.round((i * (sorted.length - 1)) / (max - 1))]);
  return [...new Set(out)];
}

export interface Calibration {
  threshold: number;
  /** Replayed large share at `threshold`. */
  share: number;
}

/**
 * The threshold in the settings' range whose replayed large share on the recorded sequences is closest
 * to `targetShare` (0..1). The other switch settings (window, stability rule) are taken from `settings`.
 * Ties go to the threshold nearest `settings.threshold`; the result is a multiple of 0.01 bits (what
 * the settings get). Throws a RangeError when there are no entropies or the target is not
 * a share.
 */
export function calibrateThreshold(
  entropySequences: readonly (readonly number[])[],
  targetShare: number,
  settings: SwitchSettings,
): Calibration {
  if (typeof targetShare !== "number" || !(targetShare >= 0 && targetShare <= 1)) {
    throw new RangeError(`target large share must be between 0 and 1, got ${targetShare}`);
  }
  const sequences = entropySequences
    .map((s) => s.filter((h) => typeof h === "number" && Number.isFinite(h)))
    .filter((s) => s.length > 0);
  if (sequences.length === 0) throw new RangeError("no recorded entropies to calibrate on");

  const { min, max } = DECODE_LIMITS.threshold;
  const clamp = (t: number) => Math.min(max, Math.max(min, t));
  // The share only changes where a threshold edge (the threshold, or threshold - hysteresis on the way
  // back) meets a rolling value; one candidate between each pair of neighbouring breakpoints covers them all.
  const margin = settings.stability === "hysteresis" ? settings.hysteresis : 0;
  const breaks = new Set<number>();
  for (const v of thin(rollingValues(sequences, settings.window), 400)) {
    for (const b of margin > 0 ? [v, v + margin] : [v]) breaks.add(clamp(b));
  }
  breaks.add(min);
  breaks.add(max);
  // Settings hold thresholds of 0.01 bits. Between two neighbouring breakpoints the share is constant,
  // so the multiples of 0.01 next to each breakpoint (two on each side) reach every share such a
  // threshold can give.
  const grid = (t: number) => clamp(Number(t.toFixed(2)));
  const candidates = new Set<number>([min, max]);
  for (const b of breaks) {
    const lo = Math.floor(b * 100 + 1e-9) / 100;
    const hi = Math.ceil(b * 100 - 1e-9) / 100;
    for (const t of [lo - 0.01, lo, hi, hi + 0.01]) candidates.add(grid(t));
  }

  let best: Calibration | undefined;
  let bestGap = Number.POSITIVE_INFINITY;
  for (const threshold of [...candidates].sort((a, b) => a - b)) {
    const share = simulatedLargeShare(sequences, { ...settings, threshold });
    const gap = Math.abs(share - targetShare);
    const closer = gap < bestGap - 1e-12;
    const tie = !closer && Math.abs(gap - bestGap) <= 1e-12;
    if (closer || (tie && best && Math.abs(threshold - settings.threshold) < Math.abs(best.threshold - settings.threshold))) {
      best = { threshold, share };
      bestGap = gap;
    }
  }
  return best!;
}
