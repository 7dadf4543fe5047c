// What the completion provider tells the rest of the extension, so the UI (provenance colours,
// stats, settings panel) depends on this file rather than on the provider itself.
import type { CompletionStats, DecodeSettings, TokenEvent } from "../engine/types";

/** One completion the engine produced (shown or not). */
export interface CompletionRecord {
  /** Document the completion was made for. */
  uri: string;
  /** Text as shown after post-processing. */
  text: string;
  /** Engine tokens, including ones post-processing trimmed away. */
  tokens: TokenEvent[];
  stats: CompletionStats;
  settings: DecodeSettings;
  /** Wall-clock latency from request to result, ms, as the user felt it (debounce excluded). */
  latencyMs: number;
  at: number;
  /** Document offset of the cursor the completion was made for. */
  offset?: number;
  /** Engine text before post-processing (only as long as generation ran). */
  raw?: string;
  /** Whether post-processing allowed several lines. */
  multiline?: boolean;
  /**
   * Generation was stopped once the shown text could no longer change (the end of the line or block
   * came); `stats` then count the tokens received and the wall-clock time only.
   */
  stoppedEarly?: boolean;
}

/** An accepted suggestion: where its text went, and the tokens that wrote it. */
export interface AcceptedCompletion {
  uri: string;
  /** Document offset where the inserted text starts. */
  offset: number;
  /** The inserted text (the shown suggestion, possibly partly typed-through). */
  text: string;
  /** Tokens covering `text`, in order; their texts concatenate to at least `text`. */
  tokens: TokenEvent[];
  threshold: number;
  /**
   * For each character of `text`, its index in the tokens' concatenated text, or -1 where no model
   * wrote it (post-processing added it: a closing bracket). From post-processing's offset map
   * (`postProcessMapped`), cut to the accepted part. Without it the text is looked up in the tokens.
   */
  rawIndex?: number[];
}

/** A suggestion the provider handed to the editor to display. */
export interface ShownCompletion {
  uri: string;
  /** The text handed over (the rest of a suggestion the user is typing through, too). */
  text: string;
}

export interface CompletionEvents {
  onDidComplete(listener: (record: CompletionRecord) => void): { dispose(): void };
  /** The editor got a suggestion to display (completions that are never displayed do not fire it). */
  onDidShow(listener: (shown: ShownCompletion) => void): { dispose(): void };
  onDidAccept(listener: (accepted: AcceptedCompletion) => void): { dispose(): void };
}
