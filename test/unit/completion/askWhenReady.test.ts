// When the pair becomes ready: ask for a suggestion in an editor the user switched to a moment ago.
import assert from "node:assert/strict";
import { shouldAskWhenReady } from "../../../src/completion/askWhenReady";

describe("completion/askWhenReady", () => {
  it("asks when the active editor changed within the last 5 s", () => {
    assert.equal(shouldAskWhenReady(true, 95_000, 100_000), true);
    assert.equal(shouldAskWhenReady(true, 100_000, 100_000), true);
  });
  it("does not ask for an older change, or when the editor never changed", () => {
    assert.equal(shouldAskWhenReady(true, 94_999, 100_000), false);
    assert.equal(shouldAskWhenReady(true, undefined, 100_000), false);
  });
  it("never asks without an active editor", () => {
    assert.equal(shouldAskWhenReady(false, 100_000, 100_000), false);
  });
});
