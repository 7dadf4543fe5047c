// Paired bootstrap over tasks: every configuration is resampled on the same draws of task indices, so
// differences between configurations keep their pairing. Seeded, so a rerun gives the same intervals.
import { seededRandom } from "./seededRandom";
import { percentile } from "./stats";

export const DEFAULT_RESAMPLES = 1000;
export const DEFAULT_BOOTSTRAP_SEED = 1;

export type Interval = [number, number];

/** `resamples` draws of `n` task indices with replacement. */
export function bootstrapDraws(n: number, resamples = DEFAULT_RESAMPLES, seed = DEFAULT_BOOTSTRAP_SEED): number[][] {
  const random = seededRandom(seed);
  const draws: number[][] = [];
  for (let r = 0; r < resamples; r++) {
    const draw = new Array<number>(n);
    for (let i = 0; i < n; i++) draw[i] = Math.floor(random() * n);
    draws.push(draw);
  }
  return draws;
}

/** The percentile interval (2.5 and 97.5, stats.ts's definition) of a statistic over the draws; NaNs (undefined draws) are left out. */
export function interval95(draws: readonly number[][], statistic: (indices: readonly number[]) => number): Interval {
  const values = draws.map(statistic).filter((v) => Number.isFinite(v));
  return [percentile(values, 2.5), percentile(values, 97.5)];
}

/** Whether an interval of a difference holds 0. */
export function includesZero([lo, hi]: Interval): boolean {
  return lo <= 0 && hi >= 0;
}
