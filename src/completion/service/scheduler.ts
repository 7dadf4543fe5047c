// Request scheduling: when a request starts a generation, and which. This is the piece to replace
// when scheduling changes (it only sees keys and jobs, never the engine or the editor).
//
// This one: an adaptive debounce, one generation in flight at a time (a new context aborts the old
// generation and waits until the engine has let it go), a request for the context already being
// generated joins it, and a generation nobody waits for any more runs on for a short grace period.
import { AdaptiveDebounce } from "../debounce";
import { NEVER_CANCELLED, type CancelLike, type Outcome, type ServiceCounters, type Timers } from "./types";

/** How long a generation nobody waits for any more keeps running, in case the editor asks again. */
export const CANCEL_GRACE_MS = 30;

/** A generation to run for cache key `key`. `run` never rejects: failures and aborts give undefined. */
export interface GenerationJob {
  key: string;
  run(signal: AbortSignal): Promise<Outcome | undefined>;
}

export interface ScheduleOptions {
  /** Explicit requests skip the debounce. */
  explicit: boolean;
  debounceMs: number;
  cancel: CancelLike;
  /** True once a newer request or the editor made this one pointless. */
  stale: () => boolean;
}

export interface RequestScheduler {
  /** The outcome of `job` for one request; undefined when the request went stale or was cancelled, or the generation gave nothing. */
  request(job: GenerationJob, options: ScheduleOptions): Promise<Outcome | undefined>;
  /** Runs `job` ahead of the editor asking; false when it was not started (stale). */
  prefetch(job: GenerationJob, stale: () => boolean): Promise<boolean>;
  /** The key of the generation running now and not aborted, if any. */
  runningKey(): string | undefined;
  /** Aborts the running generation, if any. */
  abort(): void;
  /** Aborts the running generation and waits until the engine has let it go. */
  stop(): Promise<void>;
}

interface Running {
  key: string;
  controller: AbortController;
  done: Promise<Outcome | undefined>;
  /** Requests waiting for this generation. */
  waiters: number;
  abortTimer: unknown;
}

export interface SchedulerDeps {
  counters: ServiceCounters;
  now: () => number;
  sleep: (ms: number, cancel: CancelLike | undefined) => Promise<void>;
  /** Timers for the cancel grace period (injectable so tests control time). */
  timers?: Timers;
}

const REAL_TIMERS: Timers = { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) };

export class SingleFlightScheduler implements RequestScheduler {
  private readonly debounce = new AdaptiveDebounce();
  private current: Running | undefined;
  private readonly timers: Timers;

  constructor(private readonly deps: SchedulerDeps) {
    this.timers = deps.timers ?? REAL_TIMERS;
  }

  async request(job: GenerationJob, options: ScheduleOptions): Promise<Outcome | undefined> {
    let run = this.current;
    if (run && run.key === job.key && !run.controller.signal.aborted) {
      // The same context is being generated already (the editor asked again, or a pre-fetch): wait for it.
      this.deps.counters.joined++;
    } else {
      // A new context: the old generation is stale now.
      this.abort();
      this.debounce.keystroke(this.deps.now());
      if (!options.explicit) await this.deps.sleep(this.debounce.delay(options.debounceMs), options.cancel);
      if (options.stale()) return undefined;
      if (!(await this.settle(options.stale))) return undefined;
      run = this.start(job);
    }
    return this.wait(run, options.cancel);
  }

  async prefetch(job: GenerationJob, stale: () => boolean): Promise<boolean> {
    this.abort();
    if (!(await this.settle(stale))) return false;
    this.deps.counters.prefetches++;
    await this.wait(this.start(job), NEVER_CANCELLED);
    return true;
  }

  runningKey(): string | undefined {
    return this.current && !this.current.controller.signal.aborted ? this.current.key : undefined;
  }

  abort(): void {
    this.current?.controller.abort();
  }

  async stop(): Promise<void> {
    this.abort();
    await this.settle(() => false);
  }

  /** Aborts and waits out the running generation; false when the request went stale meanwhile. */
  private async settle(stale: () => boolean): Promise<boolean> {
    while (this.current) {
      this.current.controller.abort();
      await this.current.done;
      if (stale()) return false;
    }
    return true;
  }

  private start(job: GenerationJob): Running {
    const controller = new AbortController();
    const run: Running = { key: job.key, controller, done: undefined as unknown as Promise<Outcome | undefined>, waiters: 0, abortTimer: undefined };
    run.done = job
      .run(controller.signal)
      .catch(() => undefined)
      .finally(() => {
        this.timers.clear(run.abortTimer);
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
    this.timers.clear(run.abortTimer);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      run.waiters--;
      if (run.waiters <= 0) run.abortTimer = this.timers.set(() => run.controller.abort(), CANCEL_GRACE_MS);
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
}
