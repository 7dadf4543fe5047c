// A replayed EAD switching schedule: who writes each token, with a given large-model share and runs
// of large tokens shaped like those the trained pair produced (geometric lengths around a mean).
import type { ModelRole } from "../../engine/types";

/**
 * Spreads runs of about `meanLargeRun` large tokens evenly over `length` tokens: small gap, large run,
 * small gap, large run, ..., so the small model starts and the last run ends the sequence. The number
 * of large tokens is exactly round(largeShare * length); run and gap lengths differ by at most one.
 */
export function replaySchedule(length: number, largeShare: number, meanLargeRun: number): ModelRole[] {
  if (largeShare >= 1) return Array(length).fill("large");
  // The first token stays small, so at most length - 1 large ones.
  const total = largeShare <= 0 ? 0 : Math.min(length - 1, Math.round(largeShare * length));
  if (total <= 0) return Array(length).fill("small");
  const small = length - total;
  // Every run needs a small token before it.
  const runs = Math.min(small, total, Math.max(1, Math.round(total / Math.max(1, meanLargeRun))));
  const out: ModelRole[] = [];
  for (let k = 0; k < runs; k++) {
    const gap = Math.floor(small / runs) + (k < small % runs ? 1 : 0);
    const run = Math.floor(total / runs) + (k < total % runs ? 1 : 0);
    out.push(...Array<ModelRole>(gap).fill("small"), ...Array<ModelRole>(run).fill("large"));
  }
  return out;
}

/** Share of large tokens and mean length of large runs in a writer sequence. */
export function describeSchedule(writers: readonly ModelRole[]): { largeShare: number; meanLargeRun: number; switches: number } {
  let large = 0;
  let runs = 0;
  let switches = 0;
  writers.forEach((w, i) => {
    if (w === "large") {
      large++;
      if (i === 0 || writers[i - 1] !== "large") runs++;
    }
    if (i > 0 && writers[i - 1] !== w) switches++;
  });
  return { largeShare: writers.length ? large / writers.length : 0, meanLargeRun: runs ? large / runs : 0, switches };
}
