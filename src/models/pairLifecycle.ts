// When the model pair is in memory: loaded on the first request that needs it (not at start-up),
// unloaded after a number of idle minutes, loaded again on the next request. No vscode import: the
// caller supplies how to load and unload, and the clock (tests pass their own).

export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => {
    const timer = setTimeout(callback, ms);
    // An idle timer alone never keeps a process (the CLI, a test run) alive.
    timer.unref?.();
    return timer;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Requests that use the engine process: while one runs, an idle unload would end it under them. */
export const BUSY_REQUESTS = ["load", "complete", "download", "checkPair", "memory", "findModels"] as const;

/** Whether the engine process is doing anything for the editor (a completion, a download, a pair check, a memory estimate, ...). */
export function engineBusy(client: { requestsInFlight(kind: (typeof BUSY_REQUESTS)[number]): number }): boolean {
  return BUSY_REQUESTS.some((kind) => client.requestsInFlight(kind) > 0);
}

export interface PairLifecycleOptions {
  /** Loads the pair the settings name; true when it is ready. */
  load(): Promise<boolean>;
  /** Frees the pair (ends the engine process). */
  unload(): Promise<void>;
  /** Whether a pair is loaded now. */
  isLoaded(): boolean;
  /** Whether the engine is in use (a completion, a download, a pair check, ...: see engineBusy), whatever the clock says. */
  isBusy(): boolean;
  /** Minutes without requests before the pair is unloaded; 0 or less: never. Read at each check. */
  idleMinutes(): number;
  clock?: Clock;
  /** Told after an idle unload, with the idle time in ms. */
  onUnloaded?(idleMs: number): void;
}

export class PairLifecycle {
  private readonly clock: Clock;
  private loading: Promise<boolean> | undefined;
  private lastUse = 0;
  private timer: unknown;
  /** Unloads done because of idleness, for the log and tests. */
  unloads = 0;

  constructor(private readonly options: PairLifecycleOptions) {
    this.clock = options.clock ?? systemClock;
  }

  /** A load in progress (started by `ensure` or `load`), if any. */
  get pending(): Promise<boolean> | undefined {
    return this.loading;
  }

  /**
   * A request needs the pair: true at once when it is loaded; otherwise the load in progress, or a
   * new one. Either way the idle clock starts again.
   */
  ensure(): Promise<boolean> {
    this.used();
    if (this.options.isLoaded()) return Promise.resolve(true);
    return this.loading ?? this.load();
  }

  /** Loads now (a setting changed, the user asked), whether or not the pair was loaded. */
  load(): Promise<boolean> {
    const run = this.options.load().finally(() => {
      if (this.loading === run) this.loading = undefined;
      this.used();
    });
    this.loading = run;
    return run;
  }

  /** Marks the pair as used now: the idle countdown starts again. */
  used(): void {
    this.lastUse = this.clock.now();
    this.schedule(this.idleMs());
  }

  dispose(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private idleMs(): number {
    const minutes = this.options.idleMinutes();
    return Number.isFinite(minutes) && minutes > 0 ? minutes * 60_000 : 0;
  }

  private schedule(delayMs: number): void {
    this.dispose();
    if (this.idleMs() === 0) return;
    this.timer = this.clock.setTimeout(() => void this.check(), Math.max(0, delayMs));
  }

  private async check(): Promise<void> {
    this.timer = undefined;
    const limit = this.idleMs();
    if (limit === 0 || !this.options.isLoaded()) return;
    // Busy or loading: in use now, so the countdown starts again.
    if (this.loading || this.options.isBusy()) return this.used();
    const idle = this.clock.now() - this.lastUse;
    if (idle < limit) return this.schedule(limit - idle);
    this.unloads++;
    await this.options.unload();
    this.options.onUnloaded?.(idle);
  }
}
