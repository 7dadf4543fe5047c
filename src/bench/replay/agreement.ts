// Replay's fidelity: the typing schedule is the same in every mode, so a request started by the same
// keystroke of the same session has the same document in each; where a mode and large-only both showed
// a suggestion for it, the two are compared as bench compares completions.
import { taskAgreement, type Agreement } from "../fidelity";
import { round } from "../stats";
import type { SessionResult } from "./driver";

export interface ReplayAgreement extends Agreement {
  /** Keystrokes where both this mode and large-only showed a suggestion from a model request. */
  requests: number;
}

function shownByKeystroke(sessions: readonly SessionResult[]): Map<string, string> {
  const shown = new Map<string, string>();
  for (const s of sessions) for (const r of s.requests) if (r.shown !== undefined) shown.set(`${s.session}\u0000${r.keystroke}`, r.shown);
  return shown;
}

export function replayAgreement(sessions: readonly SessionResult[], largeSessions: readonly SessionResult[]): ReplayAgreement {
  const large = shownByKeystroke(largeSessions);
  const pairs: Agreement[] = [];
  for (const [key, text] of shownByKeystroke(sessions)) {
    const reference = large.get(key);
    if (reference !== undefined) pairs.push(taskAgreement(text, reference));
  }
  const mean = (pick: (a: Agreement) => number) => (pairs.length ? round(pairs.reduce((s, a) => s + pick(a), 0) / pairs.length) : 0);
  return { requests: pairs.length, exact: mean((a) => a.exact), firstLine: mean((a) => a.firstLine), editSimilarity: mean((a) => a.editSimilarity) };
}
