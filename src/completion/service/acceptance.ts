// Accept reports: a whole suggestion accepted, or a partial accept (next word / next line) that
// inserts the start of the suggestion on screen.
import type { CompletionEventHub } from "../eventHub";
import type { SuggestionBook } from "./suggestions";

/** Reports suggestion `id` as accepted; gives where it was inserted, or undefined for an unknown id. */
export function reportAccepted(book: SuggestionBook, events: CompletionEventHub, id: number): { uri: string; start: number; text: string } | undefined {
  const s = book.get(id);
  if (!s) return undefined;
  book.forgetShown();
  events.fireAccept({ uri: s.uri, offset: s.start, text: s.text, tokens: s.tokens, threshold: s.threshold, rawIndex: s.map });
  return { uri: s.uri, start: s.start, text: s.text };
}

/** True when `inserted` at `offset` of `uri` continues the suggestion on screen (and was reported). */
export function reportInserted(book: SuggestionBook, events: CompletionEventHub, uri: string, offset: number, inserted: string): boolean {
  const s = book.current;
  if (!s || s.uri !== uri || inserted.length < 2 || offset < s.start) return false;
  const at = offset - s.start;
  if (s.text.slice(at, at + inserted.length) !== inserted) return false;
  // Inserting all the rest is a full accept: the item's command reports it.
  if (at + inserted.length === s.text.length) return false;
  events.fireAccept({ uri, offset, text: inserted, tokens: s.tokens, threshold: s.threshold, rawIndex: s.map.slice(at, at + inserted.length) });
  return true;
}
