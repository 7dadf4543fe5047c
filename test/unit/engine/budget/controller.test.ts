import assert from "node:assert/strict";
import { BudgetController, parseBudgetState } from "../../../../src/engine/budget/controller";
import { RecentValues } from "../../../../src/engine/budget/recentValues";
import { BudgetStore, MAX_STORED_PAIRS } from "../../../../src/engine/budget/store";
import { RollingMean } from "../../../../src/engine/entropy";
import { SwitchPolicy } from "../../../../src/engine/policy";
import type { StabilityRule } from "../../../../src/engine/types";

/** Deterministic pseudo-random numbers (mulberry32) and normal deviates. */
function rng(seed: number) {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { uniform, normal: () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform()) };
}

/**
 * One synthetic completion: entropies around `level` (slowly wandering, as real text does), decided by
 * the real switch policy at `threshold`. Returns the rolling means and the large-token count.
 */
function completion(r: ReturnType<typeof rng>, level: number, threshold: number, stability: StabilityRule) {
  const window = new RollingMean(8);
  const policy = new SwitchPolicy({ threshold, window: 8, stability, hysteresis: 0.3, minStay: 4 });
  const rollings: number[] = [];
  let large = 0;
  let drift = 0;
  const n = 12 + Math.floor(r.uniform() * 30);
  for (let i = 0; i < n; i++) {
    drift = 0.8 * drift + 0.6 * r.normal();
    const rolling = window.push(level + drift + 0.7 * r.normal());
    const writer = policy.decide(rolling);
    policy.commit(writer);
    rollings.push(rolling);
    if (writer === "large") large++;
  }
  return { rollings, large, total: n };
}

/** Runs `count` completions; returns the pooled large share of the last `tail` and the last threshold. */
function drive(c: BudgetController, r: ReturnType<typeof rng>, level: number, count: number, tail: number, stability: StabilityRule = "none") {
  let large = 0;
  let total = 0;
  let threshold = Number.NaN;
  for (let i = 0; i < count; i++) {
    threshold = c.threshold(2);
    const x = completion(r, level, threshold, stability);
    c.observe(x.rollings, x.large, x.total, threshold);
    if (i >= count - tail) {
      large += x.large;
      total += x.total;
    }
  }
  return { share: large / total, threshold };
}

describe("engine/budget controller", () => {
  for (const stability of ["none", "hysteresis"] as const) {
    for (const target of [0.2, 0.3, 0.5]) {
      it(`converges to a large share of ${target} on a synthetic entropy stream (${stability})`, () => {
        const c = new BudgetController(target);
        const { share } = drive(c, rng(1), 5, 400, 200, stability);
        assert.ok(Math.abs(share - target) <= 0.04, `share ${share.toFixed(3)} for target ${target}`);
      });
    }
  }

  it("adapts when the stream's entropy level shifts", () => {
    const c = new BudgetController(0.3);
    const r = rng(2);
    const before = drive(c, r, 4, 300, 100);
    // The code at hand gets harder: every entropy 2 bits higher. A fixed threshold would hand almost
    // everything to the large model; the budget moves the threshold up with the level.
    const shifted = drive(c, r, 6, 300, 100);
    assert.ok(Math.abs(before.share - 0.3) <= 0.04, `before: ${before.share}`);
    assert.ok(Math.abs(shifted.share - 0.3) <= 0.04, `after the shift: ${shifted.share}`);
    assert.ok(shifted.threshold - before.threshold > 1.5 && shifted.threshold - before.threshold < 2.5, `threshold ${before.threshold} -> ${shifted.threshold}`);
    let large = 0;
    let total = 0;
    const r2 = rng(4);
    for (let i = 0; i < 100; i++) {
      const x = completion(r2, 6, before.threshold, "none");
      large += x.large;
      total += x.total;
    }
    assert.ok(large / total > 0.8, `the old threshold on the shifted stream gives ${(large / total).toFixed(2)} large`);
  });

  it("keeps bounded memory however long it runs, and its state survives a save and restore", () => {
    const c = new BudgetController(0.3, undefined, { capacity: 256, history: 16 });
    drive(c, rng(5), 5, 2000, 1);
    const state = c.toJSON();
    assert.equal(state.samples.length, 256);
    assert.equal(state.recent.length, 16);
    assert.equal(state.thresholds.length, 16);
    assert.ok(JSON.stringify(state).length < 8 * 1024, `state is ${JSON.stringify(state).length} characters`);
    const restored = new BudgetController(0.3, parseBudgetState(JSON.parse(JSON.stringify(state))), { capacity: 256, history: 16 });
    assert.ok(Math.abs(restored.threshold(2) - c.threshold(2)) < 0.002);
    assert.equal(restored.realisedShare, c.realisedShare);
  });

  it("uses the fallback threshold until it has seen enough entropies, and rejects a target outside 0.05..0.95", () => {
    const c = new BudgetController(0.3);
    assert.equal(c.threshold(4.2), 4.2);
    c.observe([1, 2, 3], 1, 3, 4.2);
    assert.equal(c.threshold(4.2), 4.2);
    assert.throws(() => new BudgetController(0.01), /between 0.05 and 0.95/);
    assert.throws(() => new BudgetController(Number.NaN), RangeError);
  });

  it("reads malformed saved state as empty", () => {
    for (const bad of [undefined, null, 3, "x", { version: 2, samples: [1] }, { version: 1 }]) {
      assert.deepEqual(parseBudgetState(bad).samples, []);
    }
    const mixed = parseBudgetState({ version: 1, samples: [1, "a", Infinity, 2], correction: "no", recent: [[1, 2], [3, 1], "x"], thresholds: [] });
    assert.deepEqual(mixed.samples, [1, 2]);
    assert.equal(mixed.correction, 0);
    assert.deepEqual(mixed.recent, [[1, 2]]);
  });

  it("the ring keeps the newest values in order and its quantiles match a sort", () => {
    const ring = new RecentValues(5, [9, 8]);
    for (const v of [1, 2, 3, 4, 5, 6]) ring.push(v);
    assert.deepEqual(ring.toArray(), [2, 3, 4, 5, 6]);
    assert.equal(ring.quantile(0), 2);
    assert.equal(ring.quantile(0.5), 4);
    assert.equal(ring.quantile(0.75), 5);
    assert.equal(ring.quantile(1), 6);
  });

  it("the store keeps one state per key, at most a bounded number of keys, newest kept", () => {
    const store = new BudgetStore();
    for (let i = 0; i < MAX_STORED_PAIRS + 3; i++) {
      const c = store.controller(`pair${i}`, 0.3);
      c.observe([i, i, i], 1, 3, 1);
      store.save(`pair${i}`, c);
    }
    const data = store.toJSON();
    assert.equal(data.entries.length, MAX_STORED_PAIRS);
    assert.equal(data.entries[data.entries.length - 1][0], `pair${MAX_STORED_PAIRS + 2}`);
    const reloaded = new BudgetStore(JSON.parse(JSON.stringify(data)));
    assert.equal(reloaded.controller(`pair${MAX_STORED_PAIRS + 2}`, 0.3).sampleCount, 3);
    assert.equal(reloaded.controller("pair0", 0.3).sampleCount, 0);
  });
});
