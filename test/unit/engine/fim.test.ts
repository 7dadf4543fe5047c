import assert from "node:assert/strict";
import { cutPrefix, PREFIX_CUT_STEP } from "../../../src/engine/fim";

describe("engine/fim cutPrefix", () => {
  const tokens = Array.from({ length: 1000 }, (_, i) => i);

  it("keeps a short prefix whole", () => {
    assert.equal(cutPrefix(tokens, 2000), tokens);
  });

  it("cuts from the front in fixed steps, so one more token does not move the cut", () => {
    const a = cutPrefix(tokens, 600);
    const b = cutPrefix([...tokens, 1000], 600);
    assert.ok(a.length <= 600 && b.length <= 600);
    assert.equal(a[0], b[0]);
    assert.equal(a[0] % PREFIX_CUT_STEP, 0);
  });
});
