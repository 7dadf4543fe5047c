import assert from "node:assert/strict";
import { BudgetKeeper } from "../../../../src/completion/budgetKeeper";
import { DEFAULT_DECODE_SETTINGS } from "../../../../src/engine/types";
import { thresholdInForce } from "../../../../src/ui/stats/thresholdInForce";

/** A budget keeper over an in-memory store, for a pair it has not seen (so the fixed threshold stands in at first). */
function keeper(switching: "budget" | "threshold") {
  const data = new Map<string, unknown>();
  const storage = { get: <T>(k: string) => data.get(k) as T | undefined, update: async (k: string, v: unknown) => void data.set(k, v) };
  return new BudgetKeeper(storage, () => ({ switching, target: 0.3 }), () => ({ small: { name: "s.gguf", parameters: 1 }, large: { name: "l.gguf", parameters: 2 } }));
}

describe("ui/stats thresholdInForce", () => {
  const settings = { ...DEFAULT_DECODE_SETTINGS, mode: "ead" as const, threshold: 5.4 };

  it("under the budget the views show the effective threshold the budget computes, as the settings panel does", () => {
    const budget = keeper("budget");
    // Teach the budget a pair whose rolling means sit low, so its threshold moves away from the fixed 5.4.
    for (let i = 0; i < 8; i++) {
      const tokens = Array.from({ length: 24 }, (_, j) => ({ id: j, text: "x", model: "small" as const, entropy: 1, rolling: 1 + (j % 12) / 10 }));
      budget.observe({ tokens, settings, stats: { smallTokens: 24, largeTokens: 0 } as never });
    }
    const snapshot = budget.snapshot(settings);
    assert.notEqual(snapshot.effectiveThreshold, 5.4);
    const shown = thresholdInForce(settings, snapshot);
    assert.equal(shown.value, snapshot.effectiveThreshold);
    assert.equal(shown.value, budget.adjust(settings).threshold, "the threshold the next completion runs with");
    assert.equal(shown.budgetTarget, 0.3);
  });

  it("under a fixed threshold, or before a pair is loaded, the fixed threshold", () => {
    assert.deepEqual(thresholdInForce(settings, keeper("threshold").snapshot(settings)), { value: 5.4, budgetTarget: null });
    assert.deepEqual(thresholdInForce(settings, undefined), { value: 5.4, budgetTarget: null });
  });
});
