// The completion logic behind the editor's provider, free of editor APIs so it runs in plain Node
// tests: typed-through reuse, an LRU of results, debounce, one generation in flight at a time (a new
// request aborts the old one and waits for the engine to let go of it), early stop once the shown text
// is settled, post-processing, and the completion/accept events.
import { isAbortError } from "../engine/errors";
import { normalizeSettings } from "../engine/settings";
import type { CompletionRequest, CompletionResult, CompletionStats, DecodeSettings, TokenEvent } from "../engine/types";
import { AdaptiveDebounce } from "./debounce";
import { buildDocumentContext, DEFAULT_CONTEXT_LIMITS, type ContextLimits, type DocumentContext } from "./documentContext";
import { CompletionEventHub } from "./eventHub";
import type { CompletionRecord } from "./events";
import { LruCache } from "./lru";
import { decideMultiline, postProcess, type MultilineSetting, type PostProcessContext } from "./postprocess";
import { limitLines } from "./postprocess/lines";
import { anchorsAt, remainingAfterTyping, type ShownSuggestion } from "./typedThrough";

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
  settings: ServiceSettings;
  /** Explicit requests (the trigger command) skip the debounce and the cache. */
  explicit?: boolean;
}

export type AnswerSource = "engine" | "cache" | "typedThrough";

export interface CompletionAnswer {
  /** Identifies the suggestion for acceptance reports. */
  id: number;
  /** Text to insert at the cursor. */
  text: string;
  source: AnswerSource;
}

/** What the service remembers about a suggestion it produced. */
interface Suggestion {
  id: number;
  uri: string;
  start: number;
  text: string;
  tokens: TokenEvent[];
  threshold: number;
}

interface CacheEntry {
  text: string;
  tokens: TokenEvent[];
  threshold: number;
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

export interface ServiceOptions {
  engine: EngineLike;
  limits?: ContextLimits;
  cacheSize?: number;
  log?: (message: string) => void;
  onError?: (error: Error) => void;
  /** Called when an engine call starts and ends (for a "generating" status). */
  onBusy?: (busy: boolean) => void;
  /** Parameter counts of the loaded pair, for the cost figure of early-stopped completions. */
  params?: () => { small: number; large: number } | undefined;
  /** Adjusts the decode settings of each request (the budget's effective threshold). */
  adjustDecode?: (settings: DecodeSettings) => DecodeSettings;
  now?: () => number;
  sleep?: (ms: number, cancel: CancelLike | undefined) => Promise<void>;
}

/** How long a generation nobody waits for any more keeps running, in case the editor asks again. */
export const CANCEL_GRACE_MS = 30;

interface Outcome {
  text: string;
  tokens: TokenEvent[];
}

interface Running {
  key: string;
  controller: AbortController;
  done: Promise<Outcome | undefined>;
  /** Requests waiting for this generation. */
  waiters: number;
  abortTimer: ReturnType<typeof setTimeout> | undefined;
}

const NEVER_CANCELLED: CancelLike = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };

function defaultSleep(ms: number, cancel: CancelLike | undefined): Promise<void> {
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

/** A line far to the right, used to ask whether the line stage already ended the completion. */
const PROBE_LINE = " ".repeat(4096) + "\u0001";

/**
 * True once the text the line stage keeps can no longer change: every later token would be cut off
 * (single-line: a newline came; multi-line: the block ended on a complete line).
 */
export function isSettled(raw: string, ctx: PostProcessContext): boolean {
  const nl = raw.lastIndexOf("\n");
  if (nl < 0) return false;
  const complete = raw.slice(0, nl + 1).replace(/\r\n?/g, "\n");
  return !limitLines(complete + PROBE_LINE, ctx).endsWith(PROBE_LINE);
}

export class CompletionService {
  readonly events = new CompletionEventHub();
  readonly counters: ServiceCounters = {
    requests: 0,
    engineCalls: 0,
    cacheHits: 0,
    typedThroughHits: 0,
    cancelled: 0,
    earlyStops: 0,
    joined: 0,
    prefetches: 0,
    inFlight: 0,
    maxInFlight: 0,
    errors: 0,
  };
  private readonly cache: LruCache<string, CacheEntry>;
  private readonly suggestions = new LruCache<number, Suggestion>(64);
  private readonly debounce = new AdaptiveDebounce();
  private shown: ShownSuggestion<Suggestion> | undefined;
  private current: Running | undefined;
  private latest = 0;
  private nextId = 1;
  private readonly now: () => number;
  private readonly sleep: (ms: number, cancel: CancelLike | undefined) => Promise<void>;
  lastRecord: CompletionRecord | undefined;

  constructor(private readonly options: ServiceOptions) {
    this.cache = new LruCache(options.cacheSize ?? 100);
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? defaultSleep;
  }

  /** Forgets cached results and the shown suggestion (models or settings changed). */
  reset(): void {
    this.cache.clear();
    this.shown = undefined;
  }

  /** Aborts any running generation. */
  cancel(): void {
    this.latest++;
    this.current?.controller.abort();
  }

  /** Aborts any running generation and waits until the engine has let it go. */
  async stop(): Promise<void> {
    this.cancel();
    await this.settle(() => false);
  }

  async provide(query: CompletionQuery, cancel: CancelLike = NEVER_CANCELLED): Promise<CompletionAnswer | undefined> {
    const seq = ++this.latest;
    this.counters.requests++;
    const stale = () => seq !== this.latest || cancel.isCancellationRequested;

    // 1. Typed-through: the user is typing the suggestion on screen.
    const reuse = remainingAfterTyping(this.shown, query.uri, query.text, query.offset);
    if (reuse) {
      this.counters.typedThroughHits++;
      // A request the user typed through needs no generation: stop one still running for an older keystroke.
      this.current?.controller.abort();
      return { id: this.shown!.data.id, text: reuse.rest, source: "typedThrough" };
    }

    const { doc, ctx, settings, key } = this.prepare(query);

    // 2. The LRU of earlier results.
    if (!query.explicit) {
      const hit = this.cache.get(key);
      if (hit) {
        this.counters.cacheHits++;
        this.current?.controller.abort();
        return hit.text ? this.remember(query, hit.text, hit.tokens, hit.threshold, "cache") : undefined;
      }
    }

    // 3. The same context is being generated already (the editor asked again, or a pre-fetch): wait for it.
    let run = this.current;
    if (run && run.key === key && !run.controller.signal.aborted) {
      this.counters.joined++;
    } else {
      // A new context: the old generation is stale now.
      this.current?.controller.abort();
      // 4. Debounce.
      this.debounce.keystroke(this.now());
      if (!query.explicit) await this.sleep(this.debounce.delay(query.settings.debounceMs), cancel);
      if (stale()) return undefined;
      // 5. One generation at a time: wait until the engine has let the old one go.
      if (!(await this.settle(stale))) return undefined;
      run = this.start(query, doc, ctx, settings, key);
    }
    const outcome = await this.wait(run, cancel);
    if (!outcome?.text || stale()) return undefined;
    return this.remember(query, outcome.text, outcome.tokens, settings.threshold, "engine");
  }

  /**
   * Generates the completion for a context ahead of the editor asking (after an accepted suggestion,
   * the text that follows it), so that the editor's request finds it running or cached.
   */
  async prefetch(query: Omit<CompletionQuery, "explicit">): Promise<void> {
    const seq = ++this.latest;
    const stale = () => seq !== this.latest;
    const { doc, ctx, settings, key } = this.prepare(query);
    if (this.cache.get(key) || this.current?.key === key) return;
    this.current?.controller.abort();
    if (!(await this.settle(stale))) return;
    this.counters.prefetches++;
    await this.wait(this.start(query, doc, ctx, settings, key), NEVER_CANCELLED);
  }

  private prepare(query: Omit<CompletionQuery, "explicit">): { doc: DocumentContext; ctx: PostProcessContext; settings: DecodeSettings; key: string } {
    const doc = buildDocumentContext(query.text, query.offset, this.options.limits ?? DEFAULT_CONTEXT_LIMITS);
    const ctx: PostProcessContext = {
      linePrefix: doc.linePrefix,
      lineSuffix: doc.lineSuffix,
      followingLines: doc.followingLines,
      multiline: decideMultiline(query.settings.multiline, doc.linePrefix, doc.lineSuffix),
    };
    const normalized = normalizeSettings(query.settings.decode).settings;
    // The large-share budget replaces the threshold with its effective one.
    const settings = this.options.adjustDecode?.(normalized) ?? normalized;
    return { doc, ctx, settings, key: cacheKey(doc, ctx, settings) };
  }

  /** Aborts and waits out the running generation; false when this request went stale meanwhile. */
  private async settle(stale: () => boolean): Promise<boolean> {
    while (this.current) {
      this.current.controller.abort();
      await this.current.done.catch(() => undefined);
      if (stale()) return false;
    }
    return true;
  }

  private start(query: Omit<CompletionQuery, "explicit">, doc: DocumentContext, ctx: PostProcessContext, settings: DecodeSettings, key: string): Running {
    const controller = new AbortController();
    const run: Running = { key, controller, done: undefined as unknown as Promise<Outcome>, waiters: 0, abortTimer: undefined };
    run.done = this.generate(query, doc, ctx, settings, controller)
      .then((outcome) => {
        this.cache.set(key, { text: outcome.text, tokens: outcome.tokens, threshold: settings.threshold });
        return outcome;
      })
      .catch((error: unknown) => {
        if (isAbortError(error) || controller.signal.aborted) this.counters.cancelled++;
        else {
          this.counters.errors++;
          this.options.log?.(`completion failed: ${(error as Error).message}`);
          this.options.onError?.(error as Error);
        }
        return undefined;
      })
      .finally(() => {
        clearTimeout(run.abortTimer);
        if (this.current === run) this.current = undefined;
      });
    this.current = run;
    return run;
  }

  /**
   * Waits for `run` on behalf of one request. When the editor cancels the request and nobody else
   * waits for the generation, it is aborted after a short grace period, so that the editor asking
   * again for the same place right away (it often does) joins it instead of starting over.
   */
  private async wait(run: Running, cancel: CancelLike): Promise<Outcome | undefined> {
    run.waiters++;
    clearTimeout(run.abortTimer);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      run.waiters--;
      if (run.waiters <= 0) run.abortTimer = setTimeout(() => run.controller.abort(), CANCEL_GRACE_MS);
    };
    const sub = cancel.onCancellationRequested(release);
    if (cancel.isCancellationRequested) release();
    try {
      const outcome = await run.done;
      return cancel.isCancellationRequested ? undefined : outcome;
    } finally {
      sub.dispose();
      if (!released) run.waiters--;
    }
  }

  private async generate(
    query: CompletionQuery,
    doc: DocumentContext,
    ctx: PostProcessContext,
    settings: DecodeSettings,
    controller: AbortController,
  ): Promise<{ text: string; tokens: TokenEvent[] }> {
    const tokens: TokenEvent[] = [];
    let raw = "";
    // Ends the generation normally (with its stats) once the shown text is settled.
    const stop = new AbortController();
    this.counters.engineCalls++;
    this.counters.inFlight++;
    this.counters.maxInFlight = Math.max(this.counters.maxInFlight, this.counters.inFlight);
    this.options.onBusy?.(true);
    const started = this.now();
    let result: CompletionResult;
    try {
      result = await this.options.engine.complete(
        { prefix: doc.prefix, suffix: doc.suffix, settings },
        {
          signal: controller.signal,
          stop: stop.signal,
          onWarning: (m) => this.options.log?.(`settings: ${m}`),
          onToken: (event) => {
            if (stop.signal.aborted) return;
            // A rollback: the large model rewrote from a token it rejected; drop what it replaced.
            if (event.replaces) {
              tokens.splice(tokens.length - event.replaces.count);
              raw = tokens.map((t) => t.text).join("");
            }
            tokens.push(event);
            raw += event.text;
            if (isSettled(raw, ctx)) stop.abort();
          },
        },
      );
    } finally {
      this.counters.inFlight--;
      this.options.onBusy?.(false);
    }
    const early = stop.signal.aborted;
    if (early) {
      this.counters.earlyStops++;
      // Tokens the engine wrote before the stop reached it are not shown: count only the kept ones.
      result = { ...result, text: raw, tokens, stats: this.keptTokenStats(result.stats, tokens) };
    }
    const latencyMs = this.now() - started;
    const text = postProcess(result.text, ctx);
    const record: CompletionRecord = {
      uri: query.uri,
      text,
      tokens: result.tokens,
      stats: result.stats,
      settings: result.settings,
      latencyMs,
      at: this.now(),
      offset: query.offset,
      raw: result.text,
      multiline: ctx.multiline,
      stoppedEarly: early,
    };
    this.lastRecord = record;
    this.options.log?.(
      `completion ${result.settings.mode}: ${result.tokens.length} tokens (${result.stats.largeTokens} large) in ${Math.round(latencyMs)} ms` +
        `${early ? " (stopped at the end of the shown text)" : ""}; shown ${JSON.stringify(text.length > 80 ? text.slice(0, 80) + "…" : text)}`,
    );
    this.events.fireComplete(record);
    return { text, tokens: result.tokens };
  }

  /** The engine's stats (evaluated tokens, phase times) with the token counts of the kept `tokens`. */
  private keptTokenStats(stats: CompletionStats, tokens: TokenEvent[]): CompletionStats {
    const large = tokens.filter((t) => t.model === "large").length;
    const small = tokens.length - large;
    let switches = 0;
    for (let i = 1; i < tokens.length; i++) if (tokens[i].model !== tokens[i - 1].model) switches++;
    const p = this.options.params?.();
    const fL = tokens.length ? large / tokens.length : 0;
    const paramCost = p && p.large > 0 ? fL + (1 - fL) * (p.small / p.large) : stats.paramCost;
    return { ...stats, smallTokens: small, largeTokens: large, switches, paramCost, stopReason: "stopped" };
  }

  private remember(query: CompletionQuery, text: string, tokens: TokenEvent[], threshold: number, source: AnswerSource): CompletionAnswer {
    const suggestion: Suggestion = { id: this.nextId++, uri: query.uri, start: query.offset, text, tokens, threshold };
    this.suggestions.set(suggestion.id, suggestion);
    this.shown = { uri: query.uri, start: query.offset, text, ...anchorsAt(query.text, query.offset), data: suggestion };
    return { id: suggestion.id, text, source };
  }

  /** The editor accepted suggestion `id` (whole). */
  accepted(id: number): void {
    const s = this.suggestions.get(id);
    if (!s) return;
    this.shown = undefined;
    this.events.fireAccept({ uri: s.uri, offset: s.start, text: s.text, tokens: s.tokens, threshold: s.threshold });
  }

  /**
   * Text `inserted` at `offset` of document `uri` (a partial accept such as next word): reported as
   * accepted when it continues the suggestion on screen.
   */
  insertedText(uri: string, offset: number, inserted: string): boolean {
    const s = this.shown?.data;
    if (!s || s.uri !== uri || inserted.length < 2 || offset < s.start) return false;
    const at = offset - s.start;
    if (s.text.slice(at, at + inserted.length) !== inserted) return false;
    // Inserting all the rest is a full accept: the item's command reports it.
    if (at + inserted.length === s.text.length) return false;
    this.events.fireAccept({ uri, offset, text: inserted, tokens: s.tokens, threshold: s.threshold });
    return true;
  }

  /** The suggestion on screen, if any (for tests and the status bar). */
  get shownSuggestion(): { uri: string; start: number; text: string } | undefined {
    return this.shown && { uri: this.shown.uri, start: this.shown.start, text: this.shown.text };
  }
}

function cacheKey(doc: DocumentContext, ctx: PostProcessContext, s: DecodeSettings): string {
  return [
    doc.prefix.slice(-3000),
    doc.suffix.slice(0, 1000),
    ctx.multiline,
    s.mode,
    s.threshold,
    s.window,
    s.topK,
    s.stability,
    s.hysteresis,
    s.minStay,
    s.maxTokens,
    s.draftTokens,
    s.rollbackBound,
    s.firstPosition,
  ].join("\u0000");
}
