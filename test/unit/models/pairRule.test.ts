// llama.cpp's draft-model pairing rule on synthetic header facts.
import * as assert from "node:assert/strict";
import { pairDifference, sharedVocabularySize, vocabFacts, type VocabFacts } from "../../../src/models/pairRule";

/** A Qwen-like vocabulary of `size` entries: real tokens, then `[PAD<i>]` padding as converters write it. */
function vocab(name: string, size: number, real = 20): VocabFacts {
  const tokens: string[] = [];
  const tokenTypes: number[] = [];
  for (let i = 0; i < size; i++) {
    tokens.push(i < real ? `tok${i}` : `[PAD${i}]`);
    tokenTypes.push(i < real ? 1 : 4);
  }
  tokens[15] = "<|fim_prefix|>";
  tokenTypes[15] = 3;
  return { name, model: "gpt2", tokens, tokenTypes, addBos: false, special: { bos: 10, eos: 10, fimPrefix: 15 } };
}

describe("pair rule (llama.cpp's draft check)", () => {
  it("accepts equal vocabularies and sizes that differ by up to 128 padding entries", () => {
    assert.equal(pairDifference(vocab("a", 100), vocab("b", 100)), undefined);
    assert.equal(pairDifference(vocab("a", 100), vocab("b", 228)), undefined);
    assert.equal(pairDifference(vocab("a", 228), vocab("b", 100)), undefined);
  });

  it("refuses sizes 129 apart, with both sizes and the limit", () => {
    assert.equal(
      pairDifference(vocab("small.gguf", 100), vocab("large.gguf", 229)),
      "their vocabulary sizes differ by 129 tokens (100 in small.gguf, 229 in large.gguf); at most 128 is allowed",
    );
  });

  it("names the first differing id and both texts", () => {
    const b = vocab("large.gguf", 120);
    const tokens = [...b.tokens!];
    tokens[17] = "other";
    tokens[18] = "another";
    assert.equal(pairDifference(vocab("small.gguf", 100), { ...b, tokens }), 'token 17 differs ("tok17" in small.gguf, "other" in large.gguf)');
  });

  it("ignores ids 0-4 and ids past the smaller size, as llama.cpp does", () => {
    const b = vocab("b", 120);
    const tokens = [...b.tokens!];
    tokens[0] = "<unk>";
    tokens[4] = "<s>";
    tokens[110] = "anything";
    assert.equal(pairDifference(vocab("a", 100), { ...b, tokens }), undefined);
    tokens[5] = "x";
    assert.match(pairDifference(vocab("a", 100), { ...b, tokens })!, /^token 5 differs/);
  });

  it("names a special token that differs, with both ids", () => {
    const b = vocab("large.gguf", 100);
    assert.equal(
      pairDifference(vocab("small.gguf", 100), { ...b, special: { ...b.special, eos: 11 } }),
      "their end-of-text token differs (id 10 in small.gguf, id 11 in large.gguf)",
    );
    assert.equal(
      pairDifference(vocab("small.gguf", 100), { ...b, special: { bos: 10, eos: 10 } }),
      "their fill-in-the-middle prefix token differs (id 15 in small.gguf, id not set in large.gguf)",
    );
    assert.match(pairDifference(vocab("a", 100), { ...b, addBos: true })!, /add_bos_token false vs true/);
  });

  it("refuses a control token that is plain text in the other file", () => {
    const b = vocab("large.gguf", 100);
    const tokenTypes = [...b.tokenTypes!];
    tokenTypes[15] = 1;
    assert.equal(
      pairDifference(vocab("small.gguf", 100), { ...b, tokenTypes }),
      'token 15 ("<|fim_prefix|>") has a different type (control in small.gguf, normal in large.gguf)',
    );
  });

  it("refuses different tokenizer types and a missing vocabulary", () => {
    assert.equal(pairDifference(vocab("a", 100), { ...vocab("b", 100), model: "llama" }), 'their tokenizer types differ ("gpt2" in a, "llama" in b)');
    assert.equal(pairDifference(vocab("a", 100), { ...vocab("b", 100), tokens: undefined }), "b does not list its vocabulary");
  });

  it("reads the facts from GGUF metadata", () => {
    const facts = vocabFacts("m.gguf", {
      tokenizer: { ggml: { model: "gpt2", tokens: ["a", "b"], token_type: [1, 3], add_bos_token: false, eos_token_id: 1, fim_pre_token_id: 0, fim_rep_token_id: 1 } },
    });
    assert.deepEqual(facts, { name: "m.gguf", model: "gpt2", tokens: ["a", "b"], tokenTypes: [1, 3], addBos: false, addEos: undefined, special: { eos: 1, fimPrefix: 0, fimRepo: 1 } });
    assert.equal(sharedVocabularySize(vocab("a", 100), vocab("b", 228)), 100);
  });
});
