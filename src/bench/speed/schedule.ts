// A replayed EAD switching schedule: who writes each token, with a given large-model share and runs
// of large tokens shaped like those the trained pair produced (geometric lengths around a mean).
import type { ModelRole } from "../../engine/types";

/**
 * Spreads runs of about `meanLargeRun` large tokens evenly over `length` tokens so that the share is as
 * close to `largeShare` as whole runs allow; each run ends its segment, so the small model starts.
 */
export function replaySchedule(length: number, largeShare: number, meanLargeRun: number): ModelRole[] {
  const out: ModelRole[] = Array(length).fill("small");
  if (largeShare <= 0) return out;
  if (largeShare >= 1) return out.fill("large");
  const run = Math.max(1, Math.round(meanLargeRun));
  const runs = Math.max(1, Math.round((largeShare * length) / run));
  const segment = length / runs;
  for (let k = 0; k < runs; k++) {
    const end = Math.round((k + 1) * segment);
    for (let i = Math.max(Math.round(k * segment) + 1, end - run); i < end; i++) out[i] = "large";
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
