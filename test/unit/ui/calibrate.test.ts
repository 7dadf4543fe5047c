import assert from "node:assert/strict";
import { calibrateThreshold, replayCounts, replayWriters, simulatedLargeShare } from "../../../src/engine/calibrate";
import type { SwitchSettings } from "../../../src/engine/types";

const none: SwitchSettings = { threshold: 2, window: 1, stability: "none", hysteresis: 0.5, minStay: 3 };

function lcg(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
}

function randomSequences(count: number, length: number, seed = 1): number[][] {
  const rand = lcg(seed);
  return Array.from({ length: count }, () => Array.from({ length }, () => Math.round(rand() * 6 * 100) / 100));
}

describe("engine/calibrate", () => {
  // Expected writers worked out by hand. The rolling means avoid the edges of the hysteresis band, so
  // that they hold whether the band is threshold +/- h/2 or [threshold - h, threshold].
  it("replays the rolling mean and rule none: large while the mean is above the threshold", () => {
    // Window 2, means: 0, 2, 4, 3, 1.75, 0.75, 0, 2, 2 (a mean equal to the threshold is not above it).
    const seq = [0, 4, 4, 2, 1.5, 0, 0, 4, 0];
    assert.deepEqual(replayWriters(seq, { ...none, window: 2 }), ["small", "small", "large", "large", "small", "small", "small", "small", "small"]);
  });

  it("replays rule hysteresis: a mean inside the band keeps the current writer", () => {
    const s: SwitchSettings = { threshold: 2, window: 1, stability: "hysteresis", hysteresis: 1, minStay: 3 };
    // 3 switches up, 1.75 stays large, 0.5 switches down, 1.75 stays small, 3 up, 2 stays large.
    assert.deepEqual(replayWriters([3, 1.75, 1.75, 0.5, 1.75, 3, 2], s), ["large", "large", "large", "small", "small", "large", "large"]);
    // Same means under rule none: every one below or at the threshold is small.
    assert.deepEqual(replayWriters([3, 1.75, 1.75, 0.5, 1.75, 3, 2], { ...s, stability: "none" }), ["large", "small", "small", "small", "small", "large", "small"]);
    // Window 2 on the first sequence: the 1.75 after the large run stays large.
    assert.deepEqual(replayWriters([0, 4, 4, 2, 1.5, 0, 0, 4, 0], { ...s, window: 2 }), ["small", "small", "large", "large", "large", "small", "small", "small", "small"]);
  });

  it("replays rule minStay: a writer holds for minStay tokens after each switch", () => {
    const s: SwitchSettings = { threshold: 2, window: 1, stability: "minStay", hysteresis: 1, minStay: 3 };
    // The switch to large at position 1 holds through 3; 4 and 5 are large on their own; the switch back at 6 holds through 7 (the 3 there is ignored).
    assert.deepEqual(replayWriters([0, 3, 0, 0, 3, 3, 0, 3], s), ["small", "large", "large", "large", "large", "large", "small", "small"]);
    // Without a hold.
    assert.deepEqual(replayWriters([0, 3, 0, 0, 3, 3, 0, 3], { ...s, stability: "none" }), ["small", "large", "small", "small", "large", "large", "small", "large"]);
  });

  it("starts every sequence with a fresh window and policy", () => {
    // Alone, [0] is small; after a high-entropy sequence it would be large if the window carried over.
    assert.deepEqual(replayCounts([[9, 9, 9], [0]], { ...none, window: 4 }), { small: 1, large: 3 });
  });

  it("large share is the fraction of tokens whose rolling mean is above the threshold (rule none, window 1)", () => {
    const seqs = [[1, 2, 3, 4], [0, 5]];
    assert.equal(simulatedLargeShare(seqs, { ...none, threshold: 2.5 }), 3 / 6);
    assert.equal(simulatedLargeShare(seqs, { ...none, threshold: 0 }), 5 / 6);
    assert.ok(Number.isNaN(simulatedLargeShare([], none)));
  });

  it("finds a threshold that gives exactly a reachable share", () => {
    const seqs = [[1, 2, 3, 4], [0, 5]];
    const c = calibrateThreshold(seqs, 0.5, none);
    assert.equal(c.share, 0.5);
    assert.ok(c.threshold >= 2 && c.threshold < 3, `threshold ${c.threshold}`);
    assert.equal(simulatedLargeShare(seqs, { ...none, threshold: c.threshold }), 0.5);
  });

  it("targets 0 and 1 reach the ends", () => {
    const seqs = randomSequences(5, 40);
    for (const stability of ["none", "hysteresis", "minStay"] as const) {
      const s = { ...none, window: 5, stability };
      assert.equal(calibrateThreshold(seqs, 0, s).share, 0);
      assert.equal(calibrateThreshold(seqs, 1, s).share, 1);
    }
  });

  it("is the best threshold on a fine grid, for every stability rule", function () {
    this.timeout(30000);
    const seqs = randomSequences(6, 50, 42);
    for (const stability of ["none", "hysteresis", "minStay"] as const) {
      const s: SwitchSettings = { threshold: 2, window: 5, stability, hysteresis: 0.8, minStay: 4 };
      for (const target of [0.1, 0.43, 0.9]) {
        const c = calibrateThreshold(seqs, target, s);
        assert.equal(simulatedLargeShare(seqs, { ...s, threshold: c.threshold }), c.share);
        let bestGrid = Infinity;
        for (let t = 0; t <= 7; t += 0.01) bestGrid = Math.min(bestGrid, Math.abs(simulatedLargeShare(seqs, { ...s, threshold: t }) - target));
        assert.ok(Math.abs(c.share - target) <= bestGrid + 1e-12, `${stability} target ${target}: got ${c.share}, grid ${bestGrid}`);
        assert.ok(c.threshold >= 0 && c.threshold <= 16);
      }
    }
  });

  it("rounds to hundredths when that keeps the share", () => {
    const c = calibrateThreshold([[1, 2, 3, 4]], 0.5, none);
    assert.equal(c.threshold, Math.round(c.threshold * 100) / 100);
  });

  it("gives a threshold of hundredths, with its own share, also where only a finer one hits the target", () => {
    // A share of 0.5 needs a threshold in [5.611, 5.618): no multiple of 0.01 lies there. Below it
    // (share 1) is closer to the target 0.6 than above it (share 0); of those, 5.61 is the nearest
    // to the current threshold 5.7.
    const c = calibrateThreshold([[5.611, 5.618]], 0.6, { ...none, threshold: 5.7 });
    assert.equal(c.threshold, 5.61);
    assert.equal(c.share, 1);
    for (const target of [0.1, 0.37, 0.8]) {
      const r = calibrateThreshold(randomSequences(4, 40, 7), target, { ...none, window: 3 });
      assert.equal(String(r.threshold), r.threshold.toFixed(2).replace(/\.?0+$/, ""), `threshold ${r.threshold} has more than 2 decimals`);
    }
  });

  it("ignores non-finite entropies and rejects bad input", () => {
    assert.equal(calibrateThreshold([[NaN, 3, Infinity, 1]], 0.5, none).share, 0.5);
    assert.throws(() => calibrateThreshold([], 0.5, none), RangeError);
    assert.throws(() => calibrateThreshold([[NaN]], 0.5, none), RangeError);
    assert.throws(() => calibrateThreshold([[1]], 1.5, none), RangeError);
    assert.throws(() => calibrateThreshold([[1]], NaN, none), RangeError);
  });

  it("prefers the threshold nearest the current one among equally good ones", () => {
    // Share 0 for any threshold >= 4: the nearest such to 10 is near 10, not 16.
    const c = calibrateThreshold([[1, 4]], 0, { ...none, threshold: 10 });
    assert.equal(c.share, 0);
    assert.ok(c.threshold >= 4);
  });
});
