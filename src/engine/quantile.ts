// The one quantile definition of the project: the budget's threshold, the stats view's latency
// percentiles and the bench's figures all read it, so a p95 means the same everywhere.

/**
 * The q-quantile (q in 0..1, clamped) of unsorted values by linear interpolation between the closest
 * ranks (numpy's default); NaN when there are none.
 */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(1, Math.max(0, q)) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

/** The p-th percentile (p in 0..100): quantile(values, p / 100). */
export function percentile(values: readonly number[], p: number): number {
  return quantile(values, p / 100);
}
