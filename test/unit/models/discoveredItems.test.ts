// The choices "EAD: Select model files" builds from the models found on the machine.
import * as assert from "node:assert/strict";
import type { Catalog } from "../../../src/engine/modelfiles/catalog";
import { discoveredChoices } from "../../../src/models/discoveredItems";
import { isHostRequest } from "../../../src/host/protocol";

const model = (path: string, name: string, fim = true) => ({ path, name, source: "ollama" as const, family: "qwen2", params: 1e9, vocabSize: 151936, fim, quantization: "Q8_0", sizeBytes: 2 ** 30, contextLength: 32768 });

describe("models/discoveredItems", () => {
  it("offers the pairs best first, then the files that cannot pair with the reason, then browsing", () => {
    const catalog: Catalog = {
      models: [model("/a", "qwen2.5-coder:0.5b-base"), model("/b", "qwen2.5-coder:7b-base"), model("/c", "llama3:8b", false)],
      pairs: [{ small: "/a", large: "/b", memoryBytes: 3 * 2 ** 30 }],
      unpaired: [{ path: "/c", reason: "no fill-in-the-middle tokens: use a base coder model with FIM" }],
      unreadable: [],
      availableBytes: 8 * 2 ** 30,
    };
    const choices = discoveredChoices(catalog);
    assert.deepEqual(choices.map((c) => c.choice), ["pair", "unpaired", "browse"]);
    assert.equal(choices[0].label, "qwen2.5-coder:0.5b-base + qwen2.5-coder:7b-base");
    assert.match(choices[0].detail, /small qwen2\.5-coder:0\.5b-base \(ollama, Q8_0, 1\.0 GiB\).*about 3\.0 GiB while loaded/);
    assert.deepEqual(choices[0].choice === "pair" && [choices[0].small, choices[0].large], ["/a", "/b"]);
    assert.match(choices[1].detail, /no fill-in-the-middle tokens/);
  });

  it("the engine process accepts a findModels request and nothing malformed", () => {
    assert.equal(isHostRequest({ type: "findModels", id: 1, options: {} }), true);
    assert.equal(isHostRequest({ type: "findModels", id: 1, options: { downloadsDir: "/x" } }), true);
    assert.equal(isHostRequest({ type: "findModels", id: 1, options: { downloadsDir: 5 } }), false);
    assert.equal(isHostRequest({ type: "findModels", id: 1 }), false);
    assert.equal(isHostRequest({ type: "findModels", id: 1, options: { availableBytes: 8 * 2 ** 30 } }), true);
    assert.equal(isHostRequest({ type: "findModels", id: 1, options: { availableBytes: -1 } }), false);
  });
});
