// Which of a completion's first tokens stay out of the rolling window (and the budget's sample).
import assert from "node:assert/strict";
import { firstPositionOutOfWindow, leadingOutOfWindow, type TokenEvent } from "../../../src/engine/types";

describe("engine/types: the first-position rules", () => {
  const held: Pick<TokenEvent, "heldBy"> = { heldBy: "firstPosition" };
  const free: Pick<TokenEvent, "heldBy"> = {};

  it("counted keeps every token in the window; the others keep the first position out", () => {
    assert.equal(firstPositionOutOfWindow("counted"), false);
    assert.equal(firstPositionOutOfWindow(undefined), false);
    for (const rule of ["skipped", "large", "largeWord"] as const) assert.equal(firstPositionOutOfWindow(rule), true, rule);
    assert.equal(leadingOutOfWindow("counted", [held, held, free]), 0);
    assert.equal(leadingOutOfWindow("skipped", [free, free]), 1);
    assert.equal(leadingOutOfWindow("large", []), 0);
  });

  it("a first word the rule gave the large model stays out with the first token, and nothing after it", () => {
    assert.equal(leadingOutOfWindow("largeWord", [held, held, held, free, held]), 3);
    assert.equal(leadingOutOfWindow("largeWord", [held]), 1);
    // The first token counts whether or not the threshold would have chosen the large model too.
    assert.equal(leadingOutOfWindow("largeWord", [free, held, free]), 2);
  });
});
