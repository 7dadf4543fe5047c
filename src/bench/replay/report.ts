// The replay's figures per mode and context arm (the replay.json contract) and its summary table, with
// each mode's with/without-context comparison from the same run.
import { percentile, round } from "../stats";
import type { ReplayAgreement } from "./agreement";
import type { ContextArm } from "./contextArms";
import type { RequestRecord, SessionResult } from "./driver";

export interface ReplayModeResult {
  mode: string;
  /** Played with the context the editor gathers, or without any. */
  context: ContextArm;
  /** With context: median chunks the requests carried (before the engine cuts the block to its bound). */
  contextChunks?: number;
  /** With context: prompt tokens each model evaluated in warm-ups while the editor was idle, all sessions. */
  warmedTokens?: { small: number; large: number };
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
  latencyMs: { p50: number; p90: number; p95: number };
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
  /** The arms played (each of our modes in every one; server modes without context only). */
  contexts: ContextArm[];
  modes: ReplayModeResult[];
  /** Modes played in both arms: with context against without, from this run. */
  contextComparison: ContextComparison[];
}

/** One mode with context against without, in the same run. */
export interface ContextComparison {
  mode: string;
  /** With context: median prompt tokens re-evaluated per typed character (requests with a suffix), per model. */
  reevaluatedPerCharWith: { small: number; large: number };
  reevaluatedPerCharWithout: { small: number; large: number };
  /** Keystroke-to-ghost-text with / without, at p50 and p90 (null where without showed nothing). */
  latencyRatio: { p50: number | null; p90: number | null };
}

const median = (xs: number[]) => round(percentile(xs, 50), 3);
const p50p95 = (xs: number[]) => ({ p50: round(percentile(xs, 50), 1), p95: round(percentile(xs, 95), 1) });
const p50p90p95 = (xs: number[]) => ({ p50: round(percentile(xs, 50), 1), p90: round(percentile(xs, 90), 1), p95: round(percentile(xs, 95), 1) });

/** with / without; null where without is 0 (no answer shown), so no ratio is made up. */
const ratio = (a: number, b: number) => (b > 0 ? round(a / b, 3) : null);

/** Each mode played in both arms, compared with itself: re-evaluation with context, latency ratios. */
export function compareArms(modes: readonly ReplayModeResult[]): ContextComparison[] {
  const out: ContextComparison[] = [];
  for (const w of modes.filter((m) => m.context === "with")) {
    const wo = modes.find((m) => m.mode === w.mode && m.context === "without");
    if (!wo) continue;
    out.push({
      mode: w.mode,
      reevaluatedPerCharWith: { ...w.reevaluatedPerChar },
      reevaluatedPerCharWithout: { ...wo.reevaluatedPerChar },
      latencyRatio: { p50: ratio(w.latencyMs.p50, wo.latencyMs.p50), p90: ratio(w.latencyMs.p90, wo.latencyMs.p90) },
    });
  }
  return out;
}

export function summarizeMode(mode: string, sessions: SessionResult[], context: ContextArm = "without"): ReplayModeResult {
  const requests: RequestRecord[] = sessions.flatMap((s) => s.requests);
  const withSuffix = requests.filter((r) => r.suffixChars > 0);
  const noSuffix = requests.filter((r) => r.suffixChars === 0);
  const perChar = (role: "small" | "large", rs: RequestRecord[]) => median(rs.map((r) => r.promptEvaluated[role] / Math.max(1, r.charsSincePrevious)));
  const perCharOf = (rs: RequestRecord[]) => ({ small: perChar("small", rs), large: perChar("large", rs) });
  const answers: Record<string, number> = {};
  for (const s of sessions) for (const [k, v] of Object.entries(s.answers)) answers[k] = (answers[k] ?? 0) + v;
  const chunks = requests.filter((r) => r.contextChunks !== undefined).map((r) => r.contextChunks!);
  return {
    mode,
    context,
    ...(context === "with"
      ? {
          contextChunks: median(chunks),
          warmedTokens: { small: sessions.reduce((n, s) => n + (s.warmed?.small ?? 0), 0), large: sessions.reduce((n, s) => n + (s.warmed?.large ?? 0), 0) },
        }
      : {}),
    requests: requests.length,
    completed: requests.filter((r) => r.outcome === "completed").length,
    cancelled: requests.filter((r) => r.outcome === "cancelled").length,
    charsTyped: sessions.reduce((n, s) => n + s.charsTyped, 0),
    reevaluatedPerChar: perCharOf(withSuffix.length ? withSuffix : requests),
    reevaluatedPerCharNoSuffix: perCharOf(noSuffix),
    suffixRequests: withSuffix.length,
    reevaluatedPerRequest: { small: median(requests.map((r) => r.promptEvaluated.small)), large: median(requests.map((r) => r.promptEvaluated.large)) },
    promptTokens: p50p95(requests.map((r) => r.promptTokens)),
    latencyMs: p50p90p95(requests.filter((r) => r.latencyMs !== undefined).map((r) => r.latencyMs!)),
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
  ];
  // The context column appears once a run plays with context (a run without reads as it always has).
  const withContext = report.contexts.includes("with");
  const contextHead = withContext ? " context (chunks) |" : "";
  lines.push(
    `| mode |${contextHead} requests (cancelled) | chars typed | re-evaluated per char, with a suffix, small / large (median) | same, no suffix | re-evaluated per request small / large | prompt tokens p50 / p95 | keystroke-to-shown p50 / p90 / p95 ms | first token p50 / p95 ms | matched chars | shown from engine / cache / typed-through |`,
    `|---|${withContext ? "---|" : ""}---|---|---|---|---|---|---|---|---|---|`,
  );
  for (const m of report.modes) {
    const context = withContext ? ` ${m.context}${m.contextChunks === undefined ? "" : ` (${m.contextChunks})`} |` : "";
    lines.push(
      `| ${m.mode} |${context} ${m.requests} (${m.cancelled}) | ${m.charsTyped} | ${m.reevaluatedPerChar.small} / ${m.reevaluatedPerChar.large} (${m.suffixRequests} requests) | ${m.reevaluatedPerCharNoSuffix.small} / ${m.reevaluatedPerCharNoSuffix.large} | ${m.reevaluatedPerRequest.small} / ${m.reevaluatedPerRequest.large} | ${m.promptTokens.p50} / ${m.promptTokens.p95} | ${m.latencyMs.p50} / ${m.latencyMs.p90} / ${m.latencyMs.p95} | ${m.firstTokenMs.p50} / ${m.firstTokenMs.p95} | ${m.matchedChars} | ${m.answers.engine ?? 0} / ${m.answers.cache ?? 0} / ${m.answers.typedThrough ?? 0} |`,
    );
  }
  lines.push(...comparisonLines(report.contextComparison));
  const warmed = report.modes.filter((m) => m.warmedTokens);
  if (warmed.length) {
    lines.push(``, `Context warm-ups while the user was not typing (the block evaluated off the keystrokes' path), prompt tokens small / large over all sessions: ${warmed.map((m) => `${m.mode} ${m.warmedTokens!.small} / ${m.warmedTokens!.large}`).join("; ")}.`);
  }
  const agreeing = report.modes.filter((m) => m.agreementWithLarge && m.mode !== "large");
  if (agreeing.length) {
    lines.push(``, `Agreement with large-only on the suggestions both showed for the same keystroke (same document):`, ``);
    lines.push(`| mode | keystrokes compared | exact | first line | edit similarity |`, `|---|---|---|---|---|`);
    for (const m of agreeing) {
      const a = m.agreementWithLarge!;
      lines.push(`| ${m.mode}${withContext ? ` (${m.context} context)` : ""} | ${a.requests} | ${a.exact.toFixed(3)} | ${a.firstLine.toFixed(3)} | ${a.editSimilarity.toFixed(3)} |`);
    }
  }
  return lines.join("\n") + "\n";
}

const times = (r: number | null) => (r === null ? "n/a (nothing shown without context)" : `${r.toFixed(2)}x`);

/** The with/without lines: re-evaluation with context and the latency ratios, each from the same run. */
export function comparisonLines(comparisons: readonly ContextComparison[]): string[] {
  if (!comparisons.length) return [];
  const lines = [``, `With context against without, same run (per mode: sessions alternate which arm plays first):`, ``];
  lines.push(
    `| mode | re-evaluated per typed char with context, small / large (median) | without | keystroke-to-shown p50 with / without | p90 with / without |`,
    `|---|---|---|---|---|`,
  );
  for (const c of comparisons) {
    lines.push(
      `| ${c.mode} | ${c.reevaluatedPerCharWith.small} / ${c.reevaluatedPerCharWith.large} | ${c.reevaluatedPerCharWithout.small} / ${c.reevaluatedPerCharWithout.large} | ${times(c.latencyRatio.p50)} | ${times(c.latencyRatio.p90)} |`,
    );
  }
  return lines;
}
