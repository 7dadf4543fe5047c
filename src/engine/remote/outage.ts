// Whether the team server is usable now. After a failure the lane stops asking for a while (so an outage
// costs the editor nothing per keystroke), then tries again; waits double up to a ceiling. Each change
// of state is reported once: one "down" per outage, one "up" when it ends.

export interface OutageState {
  up: boolean;
  /** The last failure's reason while down. */
  reason?: string;
  /** When the next attempt is allowed, ms since the epoch (while down). */
  retryAt?: number;
}

export interface OutageOptions {
  firstRetryMs?: number;
  maxRetryMs?: number;
  now?: () => number;
}

export class OutageTracker {
  private down: { reason: string; retryAt: number; waitMs: number } | undefined;
  private readonly firstRetryMs: number;
  private readonly maxRetryMs: number;
  private readonly now: () => number;

  constructor(
    private readonly onChange: (state: OutageState) => void,
    options: OutageOptions = {},
  ) {
    this.firstRetryMs = options.firstRetryMs ?? 2000;
    this.maxRetryMs = options.maxRetryMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  get state(): OutageState {
    return this.down ? { up: false, reason: this.down.reason, retryAt: this.down.retryAt } : { up: true };
  }

  /** Whether a request may be sent now (up, or down and due for another try). */
  get mayTry(): boolean {
    return !this.down || this.now() >= this.down.retryAt;
  }

  succeeded(): void {
    if (!this.down) return;
    this.down = undefined;
    this.onChange(this.state);
  }

  failed(reason: string): void {
    const wasUp = !this.down;
    const waitMs = this.down ? Math.min(this.maxRetryMs, this.down.waitMs * 2) : this.firstRetryMs;
    this.down = { reason, retryAt: this.now() + waitMs, waitMs };
    if (wasUp) this.onChange(this.state);
  }
}
