// The completion logic behind the editor's provider, free of editor APIs so it runs in plain Node
// tests. Each concern lives in a file of its own next to this one; this class only puts them in
// order: typed-through reuse (suggestions.ts), the result cache (resultCache.ts), request scheduling
// (scheduler.ts: debounce, one generation in flight, joining, the cancel grace period), pre-fetch
// (prefetch.ts), the engine call with early stop and kept-token stats (generate.ts, earlyStop.ts,
// keptStats.ts), and the completion/accept events (record.ts, acceptance.ts).
import { isAbortError } from "../../engine/errors";
import { normalizeSettings } from "../../engine/settings";
import { DEFAULT_CONTEXT_LIMITS } from "../documentContext";
import { CompletionEventHub } from "../eventHub";
import type { CompletionRecord } from "../events";
import { cursorContext } from "../postprocess";
import { reportAccepted, reportInserted } from "./acceptance";
import { generate, type GenerateDeps, type PreparedQuery } from "./generate";
import { prefetchCompletion } from "./prefetch";
import { describeRecord } from "./record";
import { cacheKey, ResultCache } from "./resultCache";
import { SingleFlightScheduler, type GenerationJob, type RequestScheduler } from "./scheduler";
import { SuggestionBook } from "./suggestions";
import { defaultSleep, NEVER_CANCELLED, newCounters, type CancelLike, type CompletionAnswer, type CompletionQuery, type ServiceCounters, type ServiceOptions } from "./types";

export { isSettled } from "./earlyStop";
export { CANCEL_GRACE_MS, type GenerationJob, type RequestScheduler, type ScheduleOptions } from "./scheduler";
export type { AnswerSource, CancelLike, CompletionAnswer, CompletionQuery, EngineLike, ServiceCounters, ServiceOptions, ServiceSettings, Timers } from "./types";

export class CompletionService {
  readonly events = new CompletionEventHub();
  readonly counters: ServiceCounters = newCounters();
  private readonly cache: ResultCache;
  private readonly book = new SuggestionBook();
  private readonly scheduler: RequestScheduler;
  private readonly generation: GenerateDeps;
  /** Sequence number of the latest request: an older one still waiting is stale. */
  private latest = 0;
  /** Bumped by reset(): results of generations started in an older epoch come from the old pair or settings. */
  private epoch = 0;
  private last: CompletionRecord | undefined;

  constructor(private readonly options: ServiceOptions, scheduler?: RequestScheduler) {
    const now = options.now ?? Date.now;
    this.cache = new ResultCache(options.cacheSize ?? 100);
    this.scheduler = scheduler ?? new SingleFlightScheduler({ counters: this.counters, now, sleep: options.sleep ?? defaultSleep, timers: options.timers });
    this.generation = { engine: options.engine, counters: this.counters, now, log: options.log, onBusy: options.onBusy, params: options.params };
  }

  /** The record of the last finished completion. */
  get lastRecord(): CompletionRecord | undefined {
    return this.last;
  }

  /**
   * Models or settings changed: aborts the running generation and forgets cached results and the
   * shown suggestion. Results of generations started before this are dropped when they arrive.
   */
  reset(): void {
    this.epoch++;
    this.scheduler.abort();
    this.cache.clear();
    this.book.forgetShown();
  }

  /** Aborts any running generation. */
  cancel(): void {
    this.latest++;
    this.scheduler.abort();
  }

  /** Aborts any running generation and waits until the engine has let it go. */
  async stop(): Promise<void> {
    this.latest++;
    await this.scheduler.stop();
  }

  async provide(query: CompletionQuery, cancel: CancelLike = NEVER_CANCELLED): Promise<CompletionAnswer | undefined> {
    const seq = ++this.latest;
    this.counters.requests++;
    const stale = () => seq !== this.latest || cancel.isCancellationRequested;

    // 1. Typed-through: the user is typing the suggestion on screen.
    const reuse = this.book.typedThrough(query);
    if (reuse) {
      this.counters.typedThroughHits++;
      // A request the user typed through needs no generation: stop one still running for an older keystroke.
      this.scheduler.abort();
      return reuse;
    }

    const prepared = this.prepare(query);

    // 2. The LRU of earlier results (explicit requests ask again).
    if (!query.explicit) {
      const hit = this.cache.get(prepared.key);
      if (hit) {
        this.counters.cacheHits++;
        this.scheduler.abort();
        return hit.text ? this.book.remember(query, hit, "cache") : undefined;
      }
    }

    // 3. Run or join the generation for this context.
    const outcome = await this.scheduler.request(this.job(prepared), { explicit: !!query.explicit, debounceMs: query.settings.debounceMs, cancel, stale });
    if (!outcome?.text || stale()) return undefined;
    return this.book.remember(query, { ...outcome, threshold: prepared.settings.threshold }, "engine");
  }

  /**
   * Generates the completion for a context ahead of the editor asking (after an accepted suggestion,
   * the text that follows it), so that the editor's request finds it running or cached.
   */
  async prefetch(query: Omit<CompletionQuery, "explicit">): Promise<void> {
    const seq = ++this.latest;
    await prefetchCompletion(this.prepare(query), this.cache, this.scheduler, (p) => this.job(p), () => seq !== this.latest);
  }

  /** The editor accepted suggestion `id` (whole); gives where its text was inserted. */
  accepted(id: number): { uri: string; start: number; text: string } | undefined {
    return reportAccepted(this.book, this.events, id);
  }

  /**
   * Text `inserted` at `offset` of document `uri` (a partial accept such as next word): reported as
   * accepted when it continues the suggestion on screen.
   */
  insertedText(uri: string, offset: number, inserted: string): boolean {
    return reportInserted(this.book, this.events, uri, offset, inserted);
  }

  /** The suggestion on screen, if any (for tests and the status bar). */
  get shownSuggestion(): { uri: string; start: number; text: string } | undefined {
    return this.book.shownSuggestion;
  }

  private prepare(query: Omit<CompletionQuery, "explicit">): PreparedQuery {
    // The same context and multi-line decision as the `postprocess` command (cursorContext.ts).
    const { doc, ctx } = cursorContext(query.text, query.offset, query.settings.multiline, query.languageId, this.options.limits ?? DEFAULT_CONTEXT_LIMITS);
    const normalized = normalizeSettings(query.settings.decode).settings;
    // The large-share budget replaces the threshold with its effective one.
    const settings = this.options.adjustDecode?.(normalized) ?? normalized;
    const key = `${cacheKey(doc, ctx, normalized, query.context)}\u0000${this.options.cacheTag?.(normalized) ?? ""}`;
    return { query, doc, ctx, settings, key };
  }

  /**
   * The generation for `p` as the scheduler runs it: the result is cached and reported unless a reset
   * came after it started (then it is dropped: it was made by the old pair); failures are counted.
   */
  private job(p: PreparedQuery): GenerationJob {
    return {
      key: p.key,
      run: async (signal) => {
        const epoch = this.epoch;
        try {
          const { outcome, record } = await generate(this.generation, p, signal);
          if (epoch !== this.epoch) return undefined;
          this.cache.set(p.key, { ...outcome, threshold: p.settings.threshold });
          this.last = record;
          this.options.log?.(describeRecord(record));
          this.events.fireComplete(record);
          return outcome;
        } catch (error) {
          if (isAbortError(error) || signal.aborted) this.counters.cancelled++;
          else {
            this.counters.errors++;
            this.options.log?.(`completion failed: ${(error as Error).message}`);
            this.options.onError?.(error as Error);
          }
          return undefined;
        }
      },
    };
  }
}
