// Typed-through reuse: while the user types the first characters of the suggestion on screen, the
// rest of it keeps showing without asking the models again.

export interface ShownSuggestion<T = unknown> {
  uri: string;
  /** Document offset where the suggestion starts. */
  start: number;
  /** The whole suggestion as first shown. */
  text: string;
  /** Text just before `start` when it was shown (a bounded tail), to notice edits elsewhere. */
  before: string;
  /** Text just after `start` when it was shown (a bounded head). */
  after: string;
  data: T;
}

export const ANCHOR_CHARS = 200;

export function anchorsAt(text: string, offset: number): { before: string; after: string } {
  return { before: text.slice(Math.max(0, offset - ANCHOR_CHARS), offset), after: text.slice(offset, offset + ANCHOR_CHARS) };
}

/**
 * The rest of `shown` still to offer when the document is `text` with the cursor at `offset`, or
 * undefined when the user typed something else, moved away, or typed all of it.
 */
export function remainingAfterTyping<T>(shown: ShownSuggestion<T> | undefined, uri: string, text: string, offset: number): { typed: string; rest: string } | undefined {
  if (!shown || shown.uri !== uri || offset < shown.start) return undefined;
  const typed = text.slice(shown.start, offset);
  if (typed.length >= shown.text.length || !shown.text.startsWith(typed)) return undefined;
  if (text.slice(Math.max(0, shown.start - shown.before.length), shown.start) !== shown.before) return undefined;
  // What followed the cursor must still follow it (the editor may auto-close a bracket: then it is not typed-through).
  if (text.slice(offset, offset + shown.after.length) !== shown.after) return undefined;
  return { typed, rest: shown.text.slice(typed.length) };
}
