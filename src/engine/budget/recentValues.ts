// The most recent values of a stream in a fixed-size ring (bounded memory), with quantiles over them.
// A sliding sample rather than an all-time estimate, so the quantile follows the code at hand.
import { quantile } from "../quantile";

export class RecentValues {
  private readonly values: number[];
  private next = 0;

  constructor(
    readonly capacity: number,
    initial: readonly number[] = [],
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.values = initial.filter(Number.isFinite).slice(-capacity);
    this.next = this.values.length % capacity;
  }

  push(value: number): void {
    if (!Number.isFinite(value)) return;
    if (this.values.length < this.capacity) this.values.push(value);
    else this.values[this.next] = value;
    this.next = (this.next + 1) % this.capacity;
  }

  get size(): number {
    return this.values.length;
  }

  /** The q-quantile (0..1) by linear interpolation (engine/quantile.ts); NaN when empty. */
  quantile(q: number): number {
    return quantile(this.values, q);
  }

  /** Oldest first, for saving. */
  toArray(): number[] {
    return this.values.length < this.capacity ? [...this.values] : [...this.values.slice(this.next), ...this.values.slice(0, this.next)];
  }
}
