// Does the remote large lane decode exactly as the local one? Each task is completed twice with the same
// greedy settings, once with the large model local and once on llama-server, and the token-by-token
// traces (id and writer) are compared. A mismatch is reported with its first position and its cause.
import type { EadEngine } from "../../engine/engine";
import type { CompletionResult, DecodeSettings } from "../../engine/types";
import type { BenchTask } from "../tasks";

export interface Mismatch {
  task: string;
  threshold: number;
  /** First differing token index. */
  at: number;
  local: string;
  remote: string;
  cause: string;
}

export interface EqualityReport {
  tasks: number;
  thresholds: number[];
  completions: number;
  identical: number;
  /** Completions whose tokens and writers agree but whose switch count differs (should be 0). */
  switchDifferences: number;
  tokens: number;
  largeTokens: number;
  /** Largest |entropy difference| over positions both wrote identically (numerics of the two lanes). */
  maxEntropyDifference: number;
  mismatches: Mismatch[];
}

const traceOf = (r: CompletionResult) => r.tokens.map((t) => `${t.id}:${t.model}`);

export async function compareLanes(
  local: EadEngine,
  remote: EadEngine,
  tasks: readonly BenchTask[],
  settings: Partial<DecodeSettings>,
  thresholds: readonly number[],
  onProgress?: (done: number, total: number, label: string) => void,
): Promise<EqualityReport> {
  const report: EqualityReport = {
    tasks: tasks.length,
    thresholds: [...thresholds],
    completions: 0,
    identical: 0,
    switchDifferences: 0,
    tokens: 0,
    largeTokens: 0,
    maxEntropyDifference: 0,
    mismatches: [],
  };
  let done = 0;
  for (const threshold of thresholds) {
    for (const task of tasks) {
      const request = { prefix: task.prefix, suffix: task.suffix, settings: { ...settings, mode: "ead" as const, threshold } };
      const a = await local.complete(request);
      const b = await remote.complete(request);
      report.completions++;
      report.tokens += b.tokens.length;
      report.largeTokens += b.stats.largeTokens;
      const ta = traceOf(a);
      const tb = traceOf(b);
      let at = 0;
      while (at < ta.length && at < tb.length && ta[at] === tb[at]) {
        report.maxEntropyDifference = Math.max(report.maxEntropyDifference, Math.abs(a.tokens[at].entropy - b.tokens[at].entropy));
        at++;
      }
      if (at === ta.length && at === tb.length) {
        report.identical++;
        if (a.stats.switches !== b.stats.switches) report.switchDifferences++;
      } else {
        report.mismatches.push({ task: task.id, threshold, at, local: ta[at] ?? "(end)", remote: tb[at] ?? "(end)", cause: causeOf(a, b, at, threshold) });
      }
      onProgress?.(++done, tasks.length * thresholds.length, task.id);
    }
  }
  return report;
}

/** Why two traces part at `at`. */
function causeOf(a: CompletionResult, b: CompletionResult, at: number, threshold: number): string {
  if (b.stats.fallback) return b.stats.fallback;
  const x = a.tokens[at];
  const y = b.tokens[at];
  if (!x || !y) return `one completion ended first (local ${a.stats.stopReason}, remote ${b.stats.stopReason})`;
  const prev = at > 0 ? `rolling entropy before it: local ${a.tokens[at - 1].rolling.toFixed(4)}, remote ${b.tokens[at - 1].rolling.toFixed(4)}; ` : "";
  if (x.model !== y.model) return `switch decision: ${prev}writer entropy local ${x.entropy.toFixed(4)}, remote ${y.entropy.toFixed(4)}, threshold ${threshold}`;
  return `different ${x.model}-model token: ${prev}entropy local ${x.entropy.toFixed(4)}, remote ${y.entropy.toFixed(4)} (near-tied top candidates)`;
}
