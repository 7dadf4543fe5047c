import assert from "node:assert/strict";
import { isHostRequest } from "../../../src/host/protocol";

describe("host/protocol", () => {
  it("accepts well-formed requests", () => {
    assert.ok(isHostRequest({ type: "shutdown" }));
    assert.ok(isHostRequest({ type: "cancel", id: 3 }));
    assert.ok(isHostRequest({ type: "stop", id: 3 }));
    assert.ok(isHostRequest({ type: "load", id: 1, options: { smallModelPath: "a.gguf", largeModelPath: "b.gguf" } }));
    assert.ok(isHostRequest({ type: "complete", id: 2, request: { prefix: "x", suffix: "y", settings: { mode: "ead" }, schedule: ["small", "large"] } }));
    assert.ok(isHostRequest({ type: "load", id: 1, options: { smallModelPath: "a", largeModelPath: "b", gpu: "cuda", availableBytes: 2 ** 33 } }));
    assert.ok(isHostRequest({ type: "load", id: 1, options: { smallModelPath: "a", largeModelPath: "b", tokenHealing: "context" } }));
    assert.ok(isHostRequest({ type: "checkPair", id: 4, options: { smallModelPath: "a", largeModelPath: "b", gpu: "auto", contextSize: 4096 } }));
    assert.ok(isHostRequest({ type: "download", id: 5, options: { uri: "hf:u/r:Q8_0", storageDir: "/tmp/x", huggingFaceEndpoint: "http://127.0.0.1:1/" } }));
    const context = { repo: "r", path: "a.ts", chunks: [{ path: "b.ts", text: "export const b = 1;\n" }], maxTokens: 512 };
    assert.ok(isHostRequest({ type: "complete", id: 6, request: { prefix: "x", context } }));
    assert.ok(isHostRequest({ type: "complete", id: 6, request: { prefix: "x", context: { chunks: [] } } }));
    assert.ok(isHostRequest({ type: "warmContext", id: 7, request: { context } }));
    assert.ok(isHostRequest({ type: "warmContext", id: 7, request: { context, settings: { maxTokens: 32 } } }));
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
      { type: "load", id: 1, options: { smallModelPath: "a", largeModelPath: "b", gpu: "rocm" } },
      { type: "load", id: 1, options: { smallModelPath: "a", largeModelPath: "b", tokenHealing: true } },
      { type: "load", id: 1, options: { smallModelPath: "a", largeModelPath: "b", availableBytes: -1 } },
      { type: "checkPair", id: 1, options: { smallModelPath: "a" } },
      { type: "checkPair", id: 1, options: { smallModelPath: "a", largeModelPath: "b", gpu: true } },
      { type: "download", id: 1, options: { uri: "hf:u/r:Q8_0" } },
      { type: "download", id: 1, options: { uri: "hf:u/r:Q8_0", storageDir: "/x", huggingFaceEndpoint: 1 } },
      { type: "complete", id: 1, request: { prefix: "x", context: [] } },
      { type: "complete", id: 1, request: { prefix: "x", context: { repo: "r" } } },
      { type: "complete", id: 1, request: { prefix: "x", context: { chunks: [{ path: "a", text: 1 }] } } },
      { type: "complete", id: 1, request: { prefix: "x", context: { chunks: [], maxTokens: 1.5 } } },
      { type: "warmContext", id: 1, request: {} },
      { type: "warmContext", id: 1, request: { context: { chunks: "a" } } },
      { type: "warmContext", id: 1, request: { context: { chunks: [] }, settings: [] } },
      { type: "warmContext", request: { context: { chunks: [] } } },
    ]) {
      assert.equal(isHostRequest(bad), false, JSON.stringify(bad));
    }
  });
});
