// A webview page says "ready" once its scripts run. A page that stays silent (a panel restored after a
// window reload whose scripts and styles came back empty drew nothing but "Loading…") is rebuilt, a few
// times at most. Pure: timers are passed in.

export interface WatchTimers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const REAL_TIMERS: WatchTimers = { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) };

export class ReadyWatch {
  private timer: unknown;
  private attempts = 0;
  private readyValue = false;

  constructor(
    /** Rebuilds the page (new HTML); the watch starts again after it. */
    private readonly rebuild: (attempt: number) => void,
    private readonly options: { waitMs: number; maxRebuilds: number; timers?: WatchTimers } = { waitMs: 4000, maxRebuilds: 2 },
  ) {}

  get ready(): boolean {
    return this.readyValue;
  }

  get rebuilds(): number {
    return this.attempts;
  }

  /** A page was (re)built: wait for its "ready". */
  started(): void {
    this.readyValue = false;
    this.arm();
  }

  /** The page said "ready". */
  sawReady(): void {
    this.readyValue = true;
    this.disarm();
  }

  /** The panel is gone. */
  dispose(): void {
    this.disarm();
  }

  private arm(): void {
    this.disarm();
    const timers = this.options.timers ?? REAL_TIMERS;
    this.timer = timers.set(() => {
      this.timer = undefined;
      if (this.readyValue || this.attempts >= this.options.maxRebuilds) return;
      this.attempts++;
      this.rebuild(this.attempts);
      if (!this.readyValue) this.arm();
    }, this.options.waitMs);
  }

  private disarm(): void {
    if (this.timer === undefined) return;
    (this.options.timers ?? REAL_TIMERS).clear(this.timer);
    this.timer = undefined;
  }
}

/** Whether a message from a page is its "ready". */
export function isReadyMessage(raw: unknown): boolean {
  return typeof raw === "object" && raw !== null && (raw as { type?: unknown }).type === "ready";
}
