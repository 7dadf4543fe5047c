import assert from "node:assert/strict";
import { isHostRequest } from "../../../src/host/protocol";

describe("host/protocol", () => {
  it("accepts well-formed requests", () => {
    assert.ok(isHostRequest({ type: "shutdown" }));
    assert.ok(isHostRequest({ type: "cancel", id: 3 }));
    assert.ok(isHostRequest({ type: "stop", id: 3 }));
    assert.ok(isHostRequest({ type: "load", id: 1, options: { smallModelPath: "a.gguf", largeModelPath: "b.gguf" } }));
    assert.ok(isHostRequest({ type: "complete", id: 2, request: { prefix: "x", suffix: "y", settings: { mode: "ead" }, schedule: ["small", "large"] } }));
  });

  it("rejects malformed requests field by field", () => {
    for (const bad of [
      null,
      "complete",
      { type: "eval", id: 1 },
      { type: "cancel" },
      { type: "cancel", id: 1.5 },
      { type: "stop" },
      { type: "load", id: 1, options: { smallModelPath: 3, largeModelPath: "b" } },
      { type: "complete", id: 1, request: { suffix: "x" } },
      { type: "complete", id: 1, request: { prefix: "x", suffix: 4 } },
      { type: "complete", id: 1, request: { prefix: "x", settings: [] } },
      { type: "complete", id: 1, request: { prefix: "x", schedule: ["medium"] } },
      { type: "complete", id: 1, request: { prefix: "x", ignoreStops: "yes" } },
    ]) {
      assert.equal(isHostRequest(bad), false, JSON.stringify(bad));
    }
  });
});
