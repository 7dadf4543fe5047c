// The paired bootstrap: seeded draws, intervals checked against the exact resampling distribution of a
// two-task set, pairing of differences, and points run over several task orders.
import assert from "node:assert/strict";
import { bootstrapDraws, includesZero, interval95 } from "../../../src/bench/bootstrap";
import { FidelityStatistics } from "../../../src/bench/intervals";
import type { BenchConfig } from "../../../src/bench/quality";
import type { TaskOutput } from "../../../src/bench/taskOutput";

const out = (text: string, similarity: number, tokens = 10, largeTokens = 0): TaskOutput => ({
  text, rawText: text, largeShare: tokens ? largeTokens / tokens : 0, tokens, largeTokens, firstLarge: largeTokens > 0, exact: false, similarity,
});

describe("bench/bootstrap", () => {
  it("draws the same resamples for the same seed and others for another", () => {
    const a = bootstrapDraws(7, 1000, 3);
    assert.equal(a.length, 1000);
    for (const d of a) {
      assert.equal(d.length, 7);
      for (const i of d) assert.ok(Number.isInteger(i) && i >= 0 && i < 7);
    }
    assert.deepEqual(bootstrapDraws(7, 1000, 3), a);
    assert.notDeepEqual(bootstrapDraws(7, 1000, 4), a);
  });

  it("matches the exact resampling distribution of two tasks (values 0 and 1)", () => {
    // The mean of a resample of {0, 1} is 0, 0.5 or 1 with probabilities 1/4, 1/2, 1/4.
    const values = [0, 1];
    const draws = bootstrapDraws(2, 4000, 1);
    const means = draws.map((d) => (values[d[0]] + values[d[1]]) / 2);
    const share = (m: number) => means.filter((x) => x === m).length / means.length;
    assert.ok(Math.abs(share(0) - 0.25) < 0.03, `P(0) = ${share(0)}`);
    assert.ok(Math.abs(share(0.5) - 0.5) < 0.03, `P(0.5) = ${share(0.5)}`);
    assert.ok(Math.abs(share(1) - 0.25) < 0.03, `P(1) = ${share(1)}`);
    // With a quarter of the mass at each end, the 2.5 and 97.5 percentiles are the ends.
    assert.deepEqual(interval95(draws, (d) => (values[d[0]] + values[d[1]]) / 2), [0, 1]);
    // A constant statistic has a zero-width interval.
    assert.deepEqual(interval95(draws, () => 0.42), [0.42, 0.42]);
    assert.equal(includesZero([-0.1, 0.2]), true);
    assert.equal(includesZero([0.01, 0.2]), false);
  });

  describe("fidelity statistics on a tiny task set", () => {
    // Three tasks. large-only's texts; small-only agrees on one; "near" agrees on two, "far" on none.
    const small: BenchConfig = { mode: "small", threshold: null, stability: null };
    const large: BenchConfig = { mode: "large", threshold: null, stability: null };
    const near: BenchConfig = { mode: "ead", threshold: 5, stability: "none" };
    const shifted: BenchConfig = { mode: "ead", threshold: 6, stability: "none" };
    const ordered: BenchConfig = { mode: "ead", threshold: null, stability: "none", target: 0.3 };
    const configs = [small, large, near, shifted, ordered];
    const runs = new Map<BenchConfig, TaskOutput[][]>([
      [large, [[out("abcd", 0.5, 4, 4), out("efgh", 0.4, 4, 4), out("ijkl", 0.3, 4, 4)]]],
      [small, [[out("abcd", 0.2), out("xxxx", 0.2), out("yyyy", 0.2)]]],
      [near, [[out("abcd", 0.5, 10, 2), out("efgh", 0.4, 10, 4), out("ijxx", 0.3, 10, 0)]]],
      // Every task's similarity 0.1 above "near": the paired difference is exactly 0.1 on every draw.
      [shifted, [[out("abcd", 0.6, 10, 2), out("efgh", 0.5, 10, 4), out("ijxx", 0.4, 10, 0)]]],
      // Two task orders: agreement 1 everywhere in one, 0 everywhere in the other.
      [ordered, [[out("abcd", 0.5, 10, 5), out("efgh", 0.4, 10, 5), out("ijkl", 0.3, 10, 5)], [out("zzzz", 0.1, 10, 1), out("zzzz", 0.1, 10, 1), out("zzzz", 0.1, 10, 1)]]],
    ]);
    const stats = new FidelityStatistics(configs, (c) => runs.get(c) ?? [], 3, { resamples: 1000, seed: 1 });

    it("gives the point figures worked out by hand", () => {
      const s = stats.figures(0)!;
      // small agrees exactly on task 1 only: edit similarity to large 1, 0, 0.
      assert.deepEqual(s.agreement, { exact: 0.3333, firstLine: 0.3333, editSimilarity: 0.3333 });
      assert.equal(s.gapClosed, 0);
      const n = stats.figures(2)!;
      // near: 1, 1, and 0.5 (two of four characters differ) -> mean 0.8333; gap (0.8333 - 0.3333) / 0.6667 = 0.75.
      assert.deepEqual(n.agreement, { exact: 0.6667, firstLine: 0.6667, editSimilarity: 0.8333 });
      assert.equal(n.gapClosed, 0.75);
      assert.equal(stats.figures(1)!.gapClosed, 1);
      // The ordered point is the mean of its orders: agreement (1 + 0) / 2, large share (0.5 + 0.1) / 2.
      const o = stats.figures(4)!;
      assert.deepEqual(o.agreement, { exact: 0.5, firstLine: 0.5, editSimilarity: 0.5 });
      assert.equal(stats.statistic(4, "largeShare")(stats.all), 0.3);
      assert.equal(stats.statistic(2, "largeShare")(stats.all), 0.2); // 6 of 30 tokens
      assert.equal(Math.round(stats.statistic(2, "percentOfLarge")(stats.all) * 1e6) / 1e6, 100);
    });

    it("keeps the intervals around the point figure and inside what a resample can reach", () => {
      const n = stats.figures(2)!;
      for (const [lo, hi] of Object.values(n.ci95)) assert.ok(lo <= hi);
      const [lo, hi] = n.ci95.agreementEditSimilarity;
      assert.ok(lo <= 0.8333 && 0.8333 <= hi);
      assert.ok(lo >= 0.5 && hi <= 1, "a resample's mean lies between the smallest and largest task value");
      assert.ok(lo < hi, "three unequal tasks give a real interval");
    });

    it("pairs differences over the same resamples", () => {
      const d = stats.difference(3, 2, "editSimilarity");
      assert.equal(d.estimate, 0.1);
      assert.deepEqual(d.ci95, [0.1, 0.1], "unpaired resampling would scatter this difference");
      assert.equal(d.measurable, true);
      const same = stats.difference(2, 3, "agreementEditSimilarity");
      assert.deepEqual(same.ci95, [0, 0]);
      assert.equal(same.measurable, false, "an interval holding 0 is no measurable difference");
    });

    it("gives no figures to a point without both reference modes in the run", () => {
      const alone = new FidelityStatistics([near, large], (c) => runs.get(c) ?? [], 3);
      assert.equal(alone.figures(0), undefined);
    });
  });
});
