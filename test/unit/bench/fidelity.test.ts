// Agreement with large-only and the gap closed, on strings worked out by hand.
import assert from "node:assert/strict";
import { gapClosed, taskAgreement } from "../../../src/bench/fidelity";

describe("bench/fidelity", () => {
  it("counts equal texts, equal first lines and edit similarity to large-only's text", () => {
    // One substitution in 9 characters.
    assert.deepEqual(taskAgreement("return a;", "return b;"), { exact: 0, firstLine: 0, editSimilarity: 1 - 1 / 9 });
    // Same first line; the second lines differ in two characters out of 13.
    assert.deepEqual(taskAgreement("x = 1;\ny = 2;", "x = 1;\nz = 3;"), { exact: 0, firstLine: 1, editSimilarity: 1 - 2 / 13 });
    // Trailing whitespace is not shown, so it does not count.
    assert.deepEqual(taskAgreement("foo();  \n", "foo();"), { exact: 1, firstLine: 1, editSimilarity: 1 });
    // Nothing shown against something shown.
    assert.deepEqual(taskAgreement("", "abc"), { exact: 0, firstLine: 0, editSimilarity: 0 });
    assert.deepEqual(taskAgreement("", ""), { exact: 1, firstLine: 1, editSimilarity: 1 });
  });

  it("gapClosed is the share of the small-to-large distance a point covers", () => {
    const close = (a: number | null, b: number) => assert.ok(a !== null && Math.abs(a - b) < 1e-12, `${a} != ${b}`);
    close(gapClosed(0.6, 0.2), 0.5); // (0.6 - 0.2) / (1 - 0.2)
    close(gapClosed(1, 0.3), 1);
    assert.equal(gapClosed(0.3, 0.3), 0);
    close(gapClosed(0.1, 0.3), -0.2 / 0.7); // below small-only is negative
    assert.equal(gapClosed(0.9, 1), null, "no gap when small-only already equals large-only");
  });
});
