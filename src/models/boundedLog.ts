// A list that keeps only its latest entries: records kept for tests and diagnostics must not grow
// for as long as a window stays open.
export class BoundedLog<T> implements Iterable<T> {
  private items: T[] = [];
  /** Entries dropped so far to stay within the limit. */
  dropped = 0;

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`a bounded log keeps at least 1 entry, not ${limit}`);
  }

  push(item: T): void {
    this.items.push(item);
    const over = this.items.length - this.limit;
    if (over > 0) {
      this.items.splice(0, over);
      this.dropped += over;
    }
  }

  get length(): number {
    return this.items.length;
  }

  /** The kept entries, oldest first (a copy). */
  toArray(): T[] {
    return [...this.items];
  }

  [Symbol.iterator](): Iterator<T> {
    return this.items[Symbol.iterator]();
  }
}
