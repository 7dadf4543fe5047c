import assert from "node:assert/strict";
import { entropyBits, RollingMean } from "../../../src/engine/entropy";

describe("engine/entropy", () => {
  it("gives 0 bits for a certain token and log2(n) for a uniform distribution", () => {
    assert.equal(entropyBits(new Map([[7, 1]])), 0);
    const uniform = new Map(Array.from({ length: 8 }, (_, i) => [i, 1 / 8] as [number, number]));
    assert.ok(Math.abs(entropyBits(uniform) - 3) < 1e-12);
  });

  it("renormalises a truncated top-K distribution", () => {
    // Two equal tokens that carry only half the mass are still one bit.
    assert.ok(Math.abs(entropyBits(new Map([[1, 0.25], [2, 0.25]])) - 1) < 1e-12);
  });

  it("keeps the mean of the last `size` values and can replace the newest", () => {
    const r = new RollingMean(3);
    assert.equal(r.push(3), 3);
    assert.equal(r.push(1), 2);
    assert.equal(r.push(2), 2);
    assert.equal(r.push(6), 3); // 1, 2, 6
    assert.equal(r.replaceLast(0), 1); // 1, 2, 0
    assert.equal(r.count, 3);
  });

  it("rejects a window that is not a positive integer", () => {
    assert.throws(() => new RollingMean(0), RangeError);
    assert.throws(() => new RollingMean(2.5), RangeError);
  });
});
