// Context from untrusted JSON: what is well formed passes unchanged, every mistake is named.
import assert from "node:assert/strict";
import { CONTEXT_INPUT_LIMITS, parsePromptContext, PromptContextError } from "../../../../src/engine/promptContext/parse";

describe("engine/promptContext parse", () => {
  it("keeps a well-formed context, dropping unknown fields", () => {
    const value = { repo: "r", path: "a.ts", chunks: [{ path: "b.ts", text: "x\n", extra: 1 }], maxTokens: 0, other: true };
    assert.deepEqual(parsePromptContext(value), { repo: "r", path: "a.ts", chunks: [{ path: "b.ts", text: "x\n" }], maxTokens: 0 });
    assert.deepEqual(parsePromptContext({ chunks: [] }), { chunks: [] });
  });

  it("names the field that is wrong", () => {
    const cases: [unknown, RegExp][] = [
      [null, /^ctx must be an object with a "chunks" array$/],
      [[], /^ctx must be an object/],
      [{}, /^ctx: chunks must be an array/],
      [{ chunks: {} }, /^ctx: chunks must be an array/],
      [{ repo: 1, chunks: [] }, /^ctx: repo must be a string$/],
      [{ path: [], chunks: [] }, /^ctx: path must be a string$/],
      [{ chunks: ["x"] }, /^ctx: chunks\[0\] must be an object/],
      [{ chunks: [{ text: "x" }] }, /^ctx: chunks\[0\]\.path must be a string$/],
      [{ chunks: [{ path: "a", text: "x" }, { path: "b" }] }, /^ctx: chunks\[1\]\.text must be a string$/],
      [{ chunks: [], maxTokens: "9" }, /maxTokens must be a non-negative integer/],
      [{ chunks: [], maxTokens: -1 }, /maxTokens must be a non-negative integer/],
      [{ chunks: [{ path: "a", text: "x".repeat(CONTEXT_INPUT_LIMITS.chunkChars + 1) }] }, /chunks\[0\]\.text is longer than/],
      [{ chunks: Array.from({ length: CONTEXT_INPUT_LIMITS.chunks + 1 }, () => ({ path: "a", text: "" })) }, /at most 4096 are read/],
    ];
    for (const [value, message] of cases) {
      assert.throws(() => parsePromptContext(value, "ctx"), (e) => e instanceof PromptContextError && message.test(e.message), JSON.stringify(value)?.slice(0, 80));
    }
  });
});
