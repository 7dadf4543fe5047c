import assert from "node:assert/strict";
import { qwenTokenizerKeys } from "../../../../src/bench/testPair/qwenTokenizerKeys";

describe("bench/testPair/qwenTokenizerKeys", () => {
  const vocab = { tokens: ["a", "b", "<|endoftext|>"], types: [1, 1, 3], merges: ["a b"] };

  it("writes Qwen2.5-Coder's header: gpt2/qwen2, bos = eos = padding, no BOS added, no FIM ids unless given", () => {
    const keys = qwenTokenizerKeys(vocab, 2);
    assert.deepEqual(keys["tokenizer.ggml.model"], { type: "string", value: "gpt2" });
    assert.deepEqual(keys["tokenizer.ggml.pre"], { type: "string", value: "qwen2" });
    for (const id of ["eos", "bos", "padding"]) assert.deepEqual(keys[`tokenizer.ggml.${id}_token_id`], { type: "u32", value: 2 });
    assert.deepEqual(keys["tokenizer.ggml.add_bos_token"], { type: "bool", value: false });
    assert.equal(Object.keys(keys).filter((k) => k.includes("fim")).length, 0);
  });

  it("adds the FIM id keys the bench's real-shape models carry", () => {
    const keys = qwenTokenizerKeys(vocab, 2, { prefix: 10, suffix: 11, middle: 12, pad: 13 });
    assert.deepEqual(
      ["pre", "suf", "mid", "pad"].map((k) => keys[`tokenizer.ggml.fim_${k}_token_id`]),
      [10, 11, 12, 13].map((value) => ({ type: "u32", value })),
    );
  });
});
