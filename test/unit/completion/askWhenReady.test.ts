// When the pair becomes ready: ask again for the request declined while it loaded, if still current.
import assert from "node:assert/strict";
import { shouldAskWhenReady } from "../../../src/completion/askWhenReady";

describe("completion/askWhenReady", () => {
  const doc = { uri: "file:///a.js", version: 7 };
  it("asks when the declined request's document is active at the same version", () => {
    assert.equal(shouldAskWhenReady(doc, { uri: "file:///a.js", version: 7 }, undefined, 100_000), true);
  });
  it("does not ask once the document changed since (its own keystrokes ask) or another is active", () => {
    assert.equal(shouldAskWhenReady(doc, { uri: "file:///a.js", version: 8 }, undefined, 100_000), false);
    assert.equal(shouldAskWhenReady(doc, { uri: "file:///b.js", version: 7 }, undefined, 100_000), false);
  });
  it("asks when the active editor changed within the last 5 s, even with no declined request", () => {
    assert.equal(shouldAskWhenReady(undefined, doc, 96_000, 100_000), true);
    assert.equal(shouldAskWhenReady(undefined, doc, 94_999, 100_000), false);
  });
  it("never asks without an active editor", () => {
    assert.equal(shouldAskWhenReady(doc, undefined, 100_000, 100_000), false);
  });
});
