import assert from "node:assert/strict";
import { BUDGET_STORAGE_KEY, BudgetKeeper, type BudgetChoice } from "../../../src/completion/budgetKeeper";
import { BUNDLED_STARTS } from "../../../src/engine/budget/bundledStart";
import { DEFAULT_DECODE_SETTINGS, type CompletionResult, type DecodeSettings } from "../../../src/engine/types";

class MemoryStorage {
  data = new Map<string, unknown>();
  writes = 0;
  get<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.writes++;
    this.data.set(key, JSON.parse(JSON.stringify(value)));
  }
}

// The bundled pair as the engine describes it (file names and parameter counts).
const BUNDLED = { small: { name: "small.gguf", parameters: 1016704 }, large: { name: "large.gguf", parameters: 11228480 } };
const OTHER = { small: { name: "a.gguf", parameters: 1 }, large: { name: "b.gguf", parameters: 2 } };
const SETTINGS: DecodeSettings = { ...DEFAULT_DECODE_SETTINGS, mode: "ead", window: 16, topK: 256, threshold: 2 };

function result(rolling: number, large: number, total: number, threshold: number): Pick<CompletionResult, "tokens" | "settings" | "stats"> {
  const tokens = Array.from({ length: total }, (_, i) => ({ id: i, text: "x", model: (i < large ? "large" : "small") as "large" | "small", entropy: rolling, rolling }));
  return { tokens, settings: { ...SETTINGS, threshold }, stats: { smallTokens: total - large, largeTokens: large } as CompletionResult["stats"] };
}

describe("completion/budgetKeeper", () => {
  it("the bundled pair has a starting calibration under the product's window and top-K", () => {
    assert.ok(Object.keys(BUNDLED_STARTS).some((k) => k.includes("small.gguf:1016704") && k.endsWith(`|w${DEFAULT_DECODE_SETTINGS.window}|k${DEFAULT_DECODE_SETTINGS.topK}`)));
  });

  it("tags cached results with the budget's target under the budget, and with nothing under a fixed threshold", () => {
    let choice: BudgetChoice = { switching: "budget", target: 0.3 };
    const keeper = new BudgetKeeper(new MemoryStorage(), () => choice, () => BUNDLED);
    const at03 = keeper.cacheTag(SETTINGS);
    choice = { switching: "budget", target: 0.5 };
    assert.notEqual(keeper.cacheTag(SETTINGS), at03);
    assert.equal(keeper.cacheTag({ ...SETTINGS, mode: "large" }), "");
    choice = { switching: "threshold", target: 0.5 };
    assert.equal(keeper.cacheTag(SETTINGS), "");
  });

  it("under the budget the threshold comes from the pair's controller (bundled start), rounded; under a fixed threshold it is left alone", () => {
    let choice: BudgetChoice = { switching: "budget", target: 0.3 };
    const keeper = new BudgetKeeper(new MemoryStorage(), () => choice, () => BUNDLED);
    const t = keeper.adjust(SETTINGS).threshold;
    assert.ok(t > 4 && t < 7, `effective threshold ${t}`);
    assert.ok(Math.abs(t / 0.05 - Math.round(t / 0.05)) < 1e-9, `${t} is on the 0.05 grid`);
    // A higher target lowers the threshold.
    choice = { switching: "budget", target: 0.6 };
    assert.ok(keeper.adjust(SETTINGS).threshold < t);
    choice = { switching: "threshold", target: 0.3 };
    assert.equal(keeper.adjust(SETTINGS).threshold, 2);
    assert.equal(keeper.adjust({ ...SETTINGS, mode: "large" }).threshold, 2);
  });

  it("without a loaded pair, or without a start for the pair, it uses the fixed threshold", () => {
    const none = new BudgetKeeper(new MemoryStorage(), () => ({ switching: "budget", target: 0.3 }), () => undefined);
    assert.equal(none.adjust(SETTINGS).threshold, 2);
    const other = new BudgetKeeper(new MemoryStorage(), () => ({ switching: "budget", target: 0.3 }), () => OTHER);
    assert.equal(other.adjust(SETTINGS).threshold, 2);
  });

  it("learns from completions, persists, and a new session starts where the last one ended", async () => {
    const storage = new MemoryStorage();
    let now = 0;
    const keeper = new BudgetKeeper(storage, () => ({ switching: "budget", target: 0.3 }), () => OTHER, () => now);
    // Completions whose rolling entropies sit at 9 bits: the threshold moves there.
    for (let i = 0; i < 20; i++) {
      now += 1000;
      keeper.observe(result(9 + (i % 5) * 0.1, 6, 20, keeper.adjust(SETTINGS).threshold));
    }
    const learned = keeper.adjust(SETTINGS).threshold;
    assert.ok(learned >= 9 && learned <= 9.5, `learned ${learned}`);
    await keeper.flush();
    assert.ok(storage.writes >= 1 && storage.writes <= 5, `${storage.writes} writes for 20 completions`);
    assert.ok(storage.get(BUDGET_STORAGE_KEY));
    const next = new BudgetKeeper(storage, () => ({ switching: "budget", target: 0.3 }), () => OTHER);
    assert.equal(next.adjust(SETTINGS).threshold, learned);
    const snap = next.snapshot(SETTINGS);
    assert.equal(snap.effectiveThreshold, learned);
    assert.ok(Math.abs(snap.realisedShare - 0.3) < 1e-9);
    assert.equal(snap.thresholds.length, 20);
  });

  it("ignores completions made under the fixed threshold", () => {
    const storage = new MemoryStorage();
    const keeper = new BudgetKeeper(storage, () => ({ switching: "threshold", target: 0.3 }), () => OTHER);
    for (let i = 0; i < 10; i++) keeper.observe(result(9, 1, 20, 2));
    assert.equal(keeper.snapshot(SETTINGS).thresholds.length, 0);
  });
});
