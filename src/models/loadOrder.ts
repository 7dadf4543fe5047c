// The order of pair loads: loads run one after another and the last one asked for wins; a burst of
// setting changes (both model files written one after the other) becomes one reload.

/** Runs loads one after another; a load asked for while others wait replaces them. */
export class LastLoadWins {
  private chain: Promise<boolean> = Promise.resolve(false);
  private seq = 0;

  constructor(private readonly load: () => Promise<boolean>) {}

  /** Queues a load; resolves with the outcome of the last load queued by the time it settles. */
  run(): Promise<boolean> {
    const seq = ++this.seq;
    this.chain = this.chain.catch(() => false).then(() => (seq === this.seq ? this.load() : false));
    return this.latest();
  }

  private async latest(): Promise<boolean> {
    for (;;) {
      const seq = this.seq;
      const ok = await this.chain.catch(() => false);
      if (seq === this.seq) return ok;
    }
  }
}

/** Calls `reload` once, `delayMs` after the last of a burst of calls; every call gets its outcome. */
export class DebouncedReload {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private resolvePending: ((ok: boolean) => void) | undefined;
  /** The reload waiting for its delay, if any. */
  pending: Promise<boolean> | undefined;

  constructor(private readonly reload: () => Promise<boolean>) {}

  request(delayMs: number): Promise<boolean> {
    clearTimeout(this.timer);
    this.pending ??= new Promise<boolean>((resolve) => (this.resolvePending = resolve));
    const pending = this.pending;
    this.timer = setTimeout(() => {
      const resolve = this.resolvePending!;
      this.pending = undefined;
      this.resolvePending = undefined;
      void this.reload().then(resolve);
    }, delayMs);
    return pending;
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}
