// Budget states of several model pairs (and window / top-K settings), bounded in number, as one plain
// object the editor saves in its global state.
import { BudgetController, parseBudgetState, type BudgetOptions, type BudgetState } from "./controller";

export const MAX_STORED_PAIRS = 8;

export interface BudgetStoreData {
  version: 1;
  /** Most recently used last. */
  entries: [string, BudgetState][];
}

export class BudgetStore {
  private readonly entries = new Map<string, BudgetState>();

  constructor(data?: unknown, private readonly starts: Record<string, BudgetState> = {}) {
    const d = data as Partial<BudgetStoreData> | undefined;
    if (d?.version === 1 && Array.isArray(d.entries)) {
      for (const e of d.entries.slice(-MAX_STORED_PAIRS)) {
        if (Array.isArray(e) && typeof e[0] === "string") this.entries.set(e[0], parseBudgetState(e[1]));
      }
    }
  }

  /** A controller for `key`: its saved state, else the starting calibration for it, else empty. */
  controller(key: string, target: number, options: Partial<BudgetOptions> = {}): BudgetController {
    return new BudgetController(target, this.entries.get(key) ?? this.starts[key], options);
  }

  /** Whether `key` has a saved state or a starting calibration. */
  has(key: string): boolean {
    return this.entries.has(key) || key in this.starts;
  }

  save(key: string, controller: BudgetController): void {
    this.entries.delete(key);
    this.entries.set(key, controller.toJSON());
    while (this.entries.size > MAX_STORED_PAIRS) this.entries.delete(this.entries.keys().next().value as string);
  }

  toJSON(): BudgetStoreData {
    return { version: 1, entries: [...this.entries] };
  }
}
