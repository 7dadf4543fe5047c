// The switching signal: Shannon entropy (bits) of a top-K next-token distribution, and its rolling mean.

/** Entropy in bits of a probability map; renormalised, since a top-K map need not sum to exactly 1. */
export function entropyBits(probabilities: ReadonlyMap<number, number>): number {
  let total = 0;
  for (const p of probabilities.values()) total += p;
  if (!(total > 0)) return 0;
  let h = 0;
  for (const p of probabilities.values()) {
    if (p > 0) {
      const q = p / total;
      h -= q * Math.log2(q);
    }
  }
  return h;
}

/** Mean of the last `size` values pushed. */
export class RollingMean {
  private readonly values: number[] = [];
  private sum = 0;

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`window must be a positive integer, got ${size}`);
  }

  push(value: number): number {
    this.values.push(value);
    this.sum += value;
    if (this.values.length > this.size) this.sum -= this.values.shift()!;
    return this.mean;
  }

  /** Replaces the newest value (the writer changed at the same position). */
  replaceLast(value: number): number {
    if (this.values.length === 0) return this.push(value);
    this.sum += value - this.values[this.values.length - 1];
    this.values[this.values.length - 1] = value;
    return this.mean;
  }

  get mean(): number {
    return this.values.length === 0 ? 0 : this.sum / this.values.length;
  }

  get count(): number {
    return this.values.length;
  }
}
