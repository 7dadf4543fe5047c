// Fidelity: how close a configuration's shown text is to what the large model alone shows for the same
// task. On code the fixture pair has not seen, both models sit near the floor of similarity to the
// reference, but how much of the large model's behaviour EAD keeps can still be measured.
import { editSimilarity } from "./scoring";

export interface Agreement {
  /** Share of tasks whose shown text equals large-only's. */
  exact: number;
  /** Share of tasks whose first shown line equals large-only's. */
  firstLine: number;
  /** Mean normalised edit similarity to large-only's shown text. */
  editSimilarity: number;
}

/** Agreement of one task's shown text with large-only's; trailing whitespace is not shown, so not compared. */
export function taskAgreement(text: string, largeText: string): Agreement {
  const a = text.trimEnd();
  const b = largeText.trimEnd();
  return {
    exact: a === b ? 1 : 0,
    firstLine: a.split("\n")[0].trimEnd() === b.split("\n")[0].trimEnd() ? 1 : 0,
    editSimilarity: editSimilarity(a, b),
  };
}

/**
 * Share of the small-to-large gap a configuration closes: (its agreement - small-only's) / (1 -
 * small-only's), on edit similarity to large-only. 1 for large-only, 0 for small-only; null when
 * small-only already equals large-only everywhere (there is no gap to close).
 */
export function gapClosed(agreement: number, smallAgreement: number): number | null {
  const gap = 1 - smallAgreement;
  return gap > 0 ? (agreement - smallAgreement) / gap : null;
}
