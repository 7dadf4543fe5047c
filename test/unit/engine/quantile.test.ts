import assert from "node:assert/strict";
import { percentile, quantile } from "../../../src/engine/quantile";
import { percentile as benchPercentile } from "../../../src/bench/stats";
import { RecentValues } from "../../../src/engine/budget/recentValues";
import { percentile as statsViewPercentile } from "../../../src/ui/stats/sessionStats";

describe("engine/quantile", () => {
  it("interpolates linearly between the closest ranks, on unsorted values", () => {
    assert.equal(quantile([3, 1, 2, 4], 0.5), 2.5);
    assert.equal(quantile([10, 0], 0.95), 9.5);
    assert.equal(percentile([40, 10, 30, 20], 25), 17.5);
  });

  it("takes the extremes at 0 and 1, clamps q outside, and is NaN on no values", () => {
    assert.equal(quantile([5, 1, 9], 0), 1);
    assert.equal(quantile([5, 1, 9], 1), 9);
    assert.equal(quantile([5, 1, 9], 2), 9);
    assert.equal(quantile([5, 1, 9], -1), 1);
    assert.ok(Number.isNaN(quantile([], 0.5)));
  });

  it("is the bench's, the stats view's and the budget's percentile alike", () => {
    const latencies = [212, 95, 480, 133, 301, 77, 150, 260, 199, 1020, 88];
    for (const p of [5, 50, 90, 95, 99]) {
      const expected = percentile(latencies, p);
      assert.equal(benchPercentile(latencies, p), expected, `bench p${p}`);
      assert.equal(statsViewPercentile(latencies, p), expected, `stats view p${p}`);
      assert.equal(new RecentValues(latencies.length, latencies).quantile(p / 100), expected, `budget p${p}`);
    }
  });
});
