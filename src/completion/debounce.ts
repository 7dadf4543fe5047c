// How long to wait after a keystroke before asking the models. The setting is the floor; while the
// user types faster than that, the wait grows with their typing rhythm (up to a cap), so bursts of
// keystrokes do not start generations that the next keystroke cancels. A setting of 0 means no wait.

export class AdaptiveDebounce {
  private last: number | undefined;
  private intervals: number[] = [];

  constructor(
    private readonly sample = 8,
    private readonly capMs = 1000,
  ) {}

  /** Records a keystroke (a request) at time `now`. */
  keystroke(now: number): void {
    if (this.last !== undefined) {
      const gap = now - this.last;
      // Pauses longer than two seconds are not part of a typing rhythm.
      if (gap < 2000) {
        this.intervals.push(gap);
        if (this.intervals.length > this.sample) this.intervals.shift();
      }
    }
    this.last = now;
  }

  /** The wait before the next request, ms. */
  delay(settingMs: number): number {
    if (settingMs <= 0) return 0;
    if (this.intervals.length < 3) return settingMs;
    const sorted = [...this.intervals].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    // Typing faster than the setting: wait a little longer than the usual gap between keys.
    const adaptive = median < settingMs ? Math.round(median * 1.5) : settingMs;
    return Math.min(Math.max(settingMs, adaptive), Math.max(settingMs, this.capMs));
  }
}
