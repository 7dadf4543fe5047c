import assert from "node:assert/strict";
import { contextAllotment, DEFAULT_CONTEXT_MAX_TOKENS } from "../../../../src/engine/promptContext/limits";

describe("engine/promptContext limits", () => {
  it("the block's allotment: its maxTokens, never more than half the budget", () => {
    assert.equal(contextAllotment(undefined, Infinity), DEFAULT_CONTEXT_MAX_TOKENS);
    assert.equal(contextAllotment(undefined, 1000), 500);
    assert.equal(contextAllotment(300, 1000), 300);
    assert.equal(contextAllotment(0, 1000), 0);
    assert.equal(contextAllotment(5000, 7001), 3500);
    assert.equal(contextAllotment(-3, 1000), 0);
  });
});
