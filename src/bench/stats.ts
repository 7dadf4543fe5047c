// Summary statistics shared by the benchmarks.
import { percentile as interpolatedPercentile } from "../engine/quantile";

export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

/** The project's percentile (engine/quantile.ts: linear interpolation between closest ranks, p in 0..100); 0 on no values. */
export function percentile(values: readonly number[], p: number): number {
  return values.length === 0 ? 0 : interpolatedPercentile(values, p);
}

export function summary(values: readonly number[]): { mean: number; p50: number; p95: number } {
  return { mean: mean(values), p50: percentile(values, 50), p95: percentile(values, 95) };
}

/** Rounds for JSON output, keeping small numbers readable. */
export function round(value: number, digits = 4): number {
  return Number.isFinite(value) ? Number(value.toFixed(digits)) : value;
}
