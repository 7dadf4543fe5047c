// The replay's figures per mode (the replay.json contract) and its summary table.
import { percentile, round } from "../stats";
import type { ReplayAgreement } from "./agreement";
import type { RequestRecord, SessionResult } from "./driver";

export interface ReplayModeResult {
  mode: string;
  /** Model requests made (completed or cancelled). */
  requests: number;
  completed: number;
  cancelled: number;
  charsTyped: number;
  /**
   * Medians over requests with a suffix (text after the cursor) of (prompt tokens the model
   * re-evaluated) / (characters typed since the previous request; each session opens with an
   * unrecorded request before the first keystroke). Over all requests when none had a suffix.
   */
  reevaluatedPerChar: { small: number; large: number };
  /** The same over requests with no suffix (writing at the end of a file). */
  reevaluatedPerCharNoSuffix: { small: number; large: number };
  /** Requests with a suffix. */
  suffixRequests: number;
  /** Medians over requests of prompt tokens re-evaluated, and of prompt length. */
  reevaluatedPerRequest: { small: number; large: number };
  promptTokens: { p50: number; p95: number };
  /** Keystroke to ghost text on screen, over model requests whose answer was shown. */
  latencyMs: { p50: number; p95: number };
  /** Model request start to its first token. */
  firstTokenMs: { p50: number; p95: number };
  /** Typed characters that the ghost text on screen had predicted. */
  matchedChars: number;
  /** Answers shown, by source. */
  answers: Record<string, number>;
  /** With large-only in the same replay: agreement of the suggestions both showed for the same keystroke. */
  agreementWithLarge?: ReplayAgreement;
}

export interface ReplayReport {
  pair: { small: string; large: string };
  threads: number;
  seed: number;
  sessions: { id: string; kind: string; source?: string; chars: number }[];
  pace: Record<string, number>;
  debounceMs: number;
  modes: ReplayModeResult[];
}

const median = (xs: number[]) => round(percentile(xs, 50), 3);
const p50p95 = (xs: number[]) => ({ p50: round(percentile(xs, 50), 1), p95: round(percentile(xs, 95), 1) });

export function summarizeMode(mode: string, sessions: SessionResult[]): ReplayModeResult {
  const requests: RequestRecord[] = sessions.flatMap((s) => s.requests);
  const withSuffix = requests.filter((r) => r.suffixChars > 0);
  const noSuffix = requests.filter((r) => r.suffixChars === 0);
  const perChar = (role: "small" | "large", rs: RequestRecord[]) => median(rs.map((r) => r.promptEvaluated[role] / Math.max(1, r.charsSincePrevious)));
  const perCharOf = (rs: RequestRecord[]) => ({ small: perChar("small", rs), large: perChar("large", rs) });
  const answers: Record<string, number> = {};
  for (const s of sessions) for (const [k, v] of Object.entries(s.answers)) answers[k] = (answers[k] ?? 0) + v;
  return {
    mode,
    requests: requests.length,
    completed: requests.filter((r) => r.outcome === "completed").length,
    cancelled: requests.filter((r) => r.outcome === "cancelled").length,
    charsTyped: sessions.reduce((n, s) => n + s.charsTyped, 0),
    reevaluatedPerChar: perCharOf(withSuffix.length ? withSuffix : requests),
    reevaluatedPerCharNoSuffix: perCharOf(noSuffix),
    suffixRequests: withSuffix.length,
    reevaluatedPerRequest: { small: median(requests.map((r) => r.promptEvaluated.small)), large: median(requests.map((r) => r.promptEvaluated.large)) },
    promptTokens: p50p95(requests.map((r) => r.promptTokens)),
    latencyMs: p50p95(requests.filter((r) => r.latencyMs !== undefined).map((r) => r.latencyMs!)),
    firstTokenMs: p50p95(requests.filter((r) => r.firstTokenAt !== undefined).map((r) => r.firstTokenAt! - r.startedAt)),
    matchedChars: sessions.reduce((n, s) => n + s.matchedChars, 0),
    answers,
  };
}

export function replayMarkdown(report: ReplayReport, command: string): string {
  const lines = [
    `# Editing-session replay`,
    ``,
    `${report.sessions.length} sessions (${report.sessions.reduce((n, s) => n + s.chars, 0)} characters typed per mode); small ${report.pair.small}, large ${report.pair.large}; ${report.threads} thread(s) per model; debounce ${report.debounceMs} ms; typing ${report.pace.msPerChar} ms per character, ${report.pace.lineEndMs} ms at line ends, seed ${report.seed}.`,
    ``,
    "Command: `" + command + "`",
    ``,
    `| mode | requests (cancelled) | chars typed | re-evaluated per char, with a suffix, small / large (median) | same, no suffix | re-evaluated per request small / large | prompt tokens p50 / p95 | keystroke-to-shown p50 / p95 ms | first token p50 / p95 ms | matched chars | shown from engine / cache / typed-through |`,
    `|---|---|---|---|---|---|---|---|---|---|---|`,
  ];
  for (const m of report.modes) {
    lines.push(
      `| ${m.mode} | ${m.requests} (${m.cancelled}) | ${m.charsTyped} | ${m.reevaluatedPerChar.small} / ${m.reevaluatedPerChar.large} (${m.suffixRequests} requests) | ${m.reevaluatedPerCharNoSuffix.small} / ${m.reevaluatedPerCharNoSuffix.large} | ${m.reevaluatedPerRequest.small} / ${m.reevaluatedPerRequest.large} | ${m.promptTokens.p50} / ${m.promptTokens.p95} | ${m.latencyMs.p50} / ${m.latencyMs.p95} | ${m.firstTokenMs.p50} / ${m.firstTokenMs.p95} | ${m.matchedChars} | ${m.answers.engine ?? 0} / ${m.answers.cache ?? 0} / ${m.answers.typedThrough ?? 0} |`,
    );
  }
  const agreeing = report.modes.filter((m) => m.agreementWithLarge && m.mode !== "large");
  if (agreeing.length) {
    lines.push(``, `Agreement with large-only on the suggestions both showed for the same keystroke (same document):`, ``);
    lines.push(`| mode | keystrokes compared | exact | first line | edit similarity |`, `|---|---|---|---|---|`);
    for (const m of agreeing) {
      const a = m.agreementWithLarge!;
      lines.push(`| ${m.mode} | ${a.requests} | ${a.exact.toFixed(3)} | ${a.firstLine.toFixed(3)} | ${a.editSimilarity.toFixed(3)} |`);
    }
  }
  return lines.join("\n") + "\n";
}
