// The suggestions the service handed out (for acceptance reports) and the one on screen, which
// typed-through reuse continues while the user types it.
import type { TokenEvent } from "../../engine/types";
import { LruCache } from "../lru";
import { anchorsAt, remainingAfterTyping, type ShownSuggestion } from "../typedThrough";
import type { AnswerSource, CompletionAnswer, CompletionQuery } from "./types";

export interface Suggestion {
  id: number;
  uri: string;
  start: number;
  text: string;
  tokens: TokenEvent[];
  /** Shown character -> raw text index, so provenance colours land on the characters each token wrote. */
  map: number[];
  threshold: number;
}

export class SuggestionBook {
  private readonly byId = new LruCache<number, Suggestion>(64);
  private shown: ShownSuggestion<Suggestion> | undefined;
  private nextId = 1;

  /** Records `text` as the suggestion now shown for `query`. */
  remember(query: Pick<CompletionQuery, "uri" | "text" | "offset">, result: Omit<Suggestion, "id" | "uri" | "start">, source: AnswerSource): CompletionAnswer {
    const { text } = result;
    const suggestion: Suggestion = { ...result, id: this.nextId++, uri: query.uri, start: query.offset };
    this.byId.set(suggestion.id, suggestion);
    this.shown = { uri: query.uri, start: query.offset, text, ...anchorsAt(query.text, query.offset), data: suggestion };
    return { id: suggestion.id, text, source };
  }

  /** The rest of the suggestion on screen when the user is typing it, else undefined. */
  typedThrough(query: Pick<CompletionQuery, "uri" | "text" | "offset">): CompletionAnswer | undefined {
    const reuse = remainingAfterTyping(this.shown, query.uri, query.text, query.offset);
    return reuse && { id: this.shown!.data.id, text: reuse.rest, source: "typedThrough" };
  }

  get(id: number): Suggestion | undefined {
    return this.byId.get(id);
  }

  /** The suggestion on screen with its data, if any. */
  get current(): Suggestion | undefined {
    return this.shown?.data;
  }

  /** The suggestion on screen is gone (accepted, or the pair changed). */
  forgetShown(): void {
    this.shown = undefined;
  }

  get shownSuggestion(): { uri: string; start: number; text: string } | undefined {
    return this.shown && { uri: this.shown.uri, start: this.shown.start, text: this.shown.text };
  }
}
