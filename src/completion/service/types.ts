// The service's public types: what it needs from the engine and the editor, what it is asked and answers.
import type { CompletionRequest, CompletionResult, DecodeSettings, PromptContext, TokenEvent } from "../../engine/types";
import type { ContextLimits } from "../documentContext";
import type { MultilineSetting } from "../postprocess";

export interface EngineLike {
  complete(
    request: CompletionRequest,
    options: { onToken?: (event: TokenEvent) => void; onWarning?: (message: string) => void; signal?: AbortSignal; stop?: AbortSignal },
  ): Promise<CompletionResult>;
}

export interface CancelLike {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): { dispose(): void };
}

export interface ServiceSettings {
  decode: Partial<DecodeSettings>;
  multiline: MultilineSetting;
  debounceMs: number;
}

export interface CompletionQuery {
  uri: string;
  /** The whole document text. */
  text: string;
  /** Cursor offset in `text`. */
  offset: number;
  /** VS Code's language id of the document (the multi-line decision reads it). */
  languageId?: string;
  settings: ServiceSettings;
  /** Explicit requests (the trigger command) skip the debounce and the cache. */
  explicit?: boolean;
  /** Code from the rest of the project, sent with the request (completion/context); absent: the file alone. */
  context?: PromptContext;
}

export type AnswerSource = "engine" | "cache" | "typedThrough";

export interface CompletionAnswer {
  /** Identifies the suggestion for acceptance reports. */
  id: number;
  /** Text to insert at the cursor. */
  text: string;
  source: AnswerSource;
}

export interface ServiceCounters {
  requests: number;
  engineCalls: number;
  cacheHits: number;
  typedThroughHits: number;
  /** Engine calls that ended aborted because a newer request or the editor cancelled them. */
  cancelled: number;
  /** Engine calls stopped on purpose once the shown text could no longer change. */
  earlyStops: number;
  /** Requests that waited for a generation already running for the same context. */
  joined: number;
  /** Generations started ahead of the editor asking (after an accept). */
  prefetches: number;
  /** Engine calls outstanding right now, and the most ever outstanding at once. */
  inFlight: number;
  maxInFlight: number;
  errors: number;
}

export function newCounters(): ServiceCounters {
  return { requests: 0, engineCalls: 0, cacheHits: 0, typedThroughHits: 0, cancelled: 0, earlyStops: 0, joined: 0, prefetches: 0, inFlight: 0, maxInFlight: 0, errors: 0 };
}

/** Parameter counts of the loaded pair. */
export interface PairParams {
  small: number;
  large: number;
}

export interface ServiceOptions {
  engine: EngineLike;
  limits?: ContextLimits;
  cacheSize?: number;
  log?: (message: string) => void;
  onError?: (error: Error) => void;
  /** Called when an engine call starts and ends (for a "generating" status). */
  onBusy?: (busy: boolean) => void;
  /** Parameter counts of the loaded pair, for the cost figure of early-stopped completions. */
  params?: () => PairParams | undefined;
  /** Adjusts the decode settings of each request (the budget's effective threshold). */
  adjustDecode?: (settings: DecodeSettings) => DecodeSettings;
  /**
   * What besides the user's settings picks a result (the budget's target). Results are keyed by the
   * user's settings, not the adjusted ones: the budget's threshold moves after every completion, and a
   * pre-fetched or earlier result for the same place must still be found.
   */
  cacheTag?: (settings: DecodeSettings) => string;
  now?: () => number;
  sleep?: (ms: number, cancel: CancelLike | undefined) => Promise<void>;
  /** Timers for the cancel grace period (tests control time with their own). */
  timers?: Timers;
}

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** What one generation produced: the text to show and the tokens behind it. */
export interface Outcome {
  text: string;
  tokens: TokenEvent[];
  /** For each shown character, its index in the raw text the tokens spell (-1: added by post-processing). */
  map: number[];
}

export const NEVER_CANCELLED: CancelLike = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };

/** Waits `ms`, or less when `cancel` fires first. */
export function defaultSleep(ms: number, cancel: CancelLike | undefined): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    const sub = cancel?.onCancellationRequested(done);
    function done() {
      clearTimeout(timer);
      sub?.dispose();
      resolve();
    }
  });
}
