// The fixture pair is recognised wherever the repository is, so the editor can say it is a toy.
import * as assert from "node:assert/strict";
import { DEMO_PAIR_NOTE, fixturePair, isDemoPair } from "../../../src/engine/modelfiles/fixturePair";

describe("models/fixturePair: the demo pair", () => {
  it("recognises the fixture pair by its place in any checkout, on POSIX and Windows paths", () => {
    const { small, large } = fixturePair("/somewhere/else");
    assert.equal(isDemoPair(small, large), true);
    assert.equal(isDemoPair("C:\\repo\\test\\fixtures\\models\\small.gguf", "C:\\repo\\test\\fixtures\\models\\large.gguf"), true);
  });

  it("does not take real models, or the fixture files swapped, for the demo pair", () => {
    assert.equal(isDemoPair("/models/qwen2.5-coder-0.5b-q8_0.gguf", "/models/qwen2.5-coder-1.5b-q8_0.gguf"), false);
    const { small, large } = fixturePair("/r");
    assert.equal(isDemoPair(large, small), false);
  });

  it("says it writes nonsense and how to get a real pair", () => {
    assert.match(DEMO_PAIR_NOTE, /code-shaped nonsense/);
    assert.match(DEMO_PAIR_NOTE, /Download recommended models/);
    assert.match(DEMO_PAIR_NOTE, /Select model files/);
  });
});
