// The budget keeper with a new pair: its entropy scale is measured once, before the budget's first
// completion, kept per pair, and not measured for the bundled pair or under a fixed threshold.
import assert from "node:assert/strict";
import { BudgetKeeper, type BudgetChoice } from "../../../src/completion/budgetKeeper";
import { PairScaleSeed } from "../../../src/completion/pairScaleSeed";
import { SCALE_PROMPTS } from "../../../src/engine/budget/pairScale";
import { DEFAULT_DECODE_SETTINGS, type CompletionRequest, type DecodeSettings } from "../../../src/engine/types";

class MemoryStorage {
  data = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.data.set(key, JSON.parse(JSON.stringify(value)));
  }
}

const BUNDLED = { small: { name: "small.gguf", parameters: 1016704 }, large: { name: "large.gguf", parameters: 11228480 } };
const NEW_PAIR = { small: { name: "qwen2.5-coder-0.5b-q8_0.gguf", parameters: 494e6 }, large: { name: "qwen2.5-coder-1.5b-q8_0.gguf", parameters: 1544e6 } };
const SETTINGS: DecodeSettings = { ...DEFAULT_DECODE_SETTINGS, mode: "ead", window: 16, topK: 256, threshold: 5.4 };

/** An engine whose small model's rolling entropies are spread evenly over 7..9 bits. */
function engine(calls: CompletionRequest[]) {
  return async (request: CompletionRequest) => {
    calls.push(request);
    const n = request.settings?.maxTokens ?? 0;
    return { tokens: Array.from({ length: n }, (_, i) => ({ id: i, text: "x", model: "small" as const, entropy: 8, rolling: 7 + (2 * ((calls.length - 1) * n + i)) / (SCALE_PROMPTS.length * n) })) };
  };
}

describe("completion/pairScaleSeed", () => {
  it("a new pair: measured once on the bundled prompts with the small model alone, then the budget's threshold comes from it", async () => {
    const storage = new MemoryStorage();
    const choice: BudgetChoice = { switching: "budget", target: 0.3 };
    const keeper = new BudgetKeeper(storage, () => choice, () => NEW_PAIR);
    // Before: the fixed threshold, tuned on the fixture pair.
    assert.equal(keeper.adjust(SETTINGS).threshold, 5.4);
    const calls: CompletionRequest[] = [];
    const seed = new PairScaleSeed(keeper, engine(calls), () => SETTINGS);
    await Promise.all([seed.ensure(), seed.ensure()]);
    assert.equal(calls.length, SCALE_PROMPTS.length);
    assert.ok(calls.every((c) => c.settings?.mode === "ead" && c.settings.threshold === Infinity && c.ignoreStops));
    // The 70 % quantile of rollings spread over 7..9 bits: about 8.4, far from 5.4.
    const threshold = keeper.adjust(SETTINGS).threshold;
    assert.ok(threshold > 8.2 && threshold < 8.8, `threshold ${threshold}`);
    await seed.ensure();
    assert.equal(calls.length, SCALE_PROMPTS.length, "measured once");
    // Kept per pair: a new keeper (a restart) starts from it without measuring.
    const again = new BudgetKeeper(storage, () => choice, () => NEW_PAIR);
    assert.equal(again.needsScale(SETTINGS), false);
    assert.equal(again.adjust(SETTINGS).threshold, threshold);
  });

  it("nothing is measured for the bundled pair, under a fixed threshold, or before a pair is loaded", async () => {
    const calls: CompletionRequest[] = [];
    for (const [pair, switching] of [[BUNDLED, "budget"], [NEW_PAIR, "threshold"], [undefined, "budget"]] as const) {
      const keeper = new BudgetKeeper(new MemoryStorage(), () => ({ switching, target: 0.3 }), () => pair);
      await new PairScaleSeed(keeper, engine(calls), () => SETTINGS).ensure();
    }
    assert.equal(calls.length, 0);
  });

  it("a failed measurement is logged and leaves the fixed threshold", async () => {
    const keeper = new BudgetKeeper(new MemoryStorage(), () => ({ switching: "budget", target: 0.3 }), () => NEW_PAIR);
    const logged: string[] = [];
    await new PairScaleSeed(keeper, async () => { throw new Error("engine gone"); }, () => SETTINGS, (m) => logged.push(m)).ensure();
    assert.match(logged.join("\n"), /could not be measured \(engine gone\)/);
    assert.equal(keeper.adjust(SETTINGS).threshold, 5.4);
  });
});
