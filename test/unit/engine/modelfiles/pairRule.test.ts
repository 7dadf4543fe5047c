// llama.cpp's draft-model pairing rule on synthetic header facts.
import * as assert from "node:assert/strict";
import { pairDifference, sharedVocabularySize, vocabFacts, type VocabFacts } from "../../../../src/engine/modelfiles/pairRule";

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

describe("pair rule (llama.cpp's draft check on resolved values)", () => {
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

  it("compares BOS/EOS ids only where the files add them, and never FIM ids (llama.cpp's rule)", () => {
    const b = vocab("large.gguf", 100);
    // Neither adds EOS: its id does not matter; FIM ids are not compared.
    assert.equal(pairDifference(vocab("small.gguf", 100), { ...b, special: { ...b.special, eos: 11 } }), undefined);
    assert.equal(pairDifference(vocab("small.gguf", 100), { ...b, special: { bos: 10, eos: 10 } }), undefined);
    assert.equal(
      pairDifference({ ...vocab("small.gguf", 100), addEos: true }, { ...b, addEos: true, special: { ...b.special, eos: 11 } }),
      "their end-of-text token differs (id 10 in small.gguf, id 11 in large.gguf)",
    );
    assert.match(pairDifference(vocab("a", 100), { ...b, addBos: true })!, /add_bos_token false vs true/);
  });

  it("fills in llama.cpp's defaults for keys a file leaves out", () => {
    const withKeys = vocab("a", 100);
    // gpt2 (BPE) adds no BOS by default: unset equals false.
    assert.equal(pairDifference(withKeys, { ...vocab("b", 100), addBos: undefined, addEos: undefined, special: {} }), undefined);
    // A llama3 pre-tokenizer adds BOS by default: unset then differs from false.
    assert.match(pairDifference(withKeys, { ...vocab("b", 100), pre: "llama3", addBos: undefined })!, /add_bos_token false vs true/);
    // SentencePiece adds BOS (id 1 unless set): equal when one file writes the defaults and the other does not.
    const spm = (name: string, keys: boolean): VocabFacts => ({ ...vocab(name, 100), model: "llama", addBos: keys ? true : undefined, special: keys ? { bos: 1, eos: 2 } : {} });
    assert.equal(pairDifference(spm("a", true), spm("b", false)), undefined);
    assert.match(pairDifference(spm("a", true), { ...spm("b", false), special: { bos: 3 } })!, /beginning-of-text token differs \(id 1 in a, id 3 in b\)/);
    // Gemma 4 always adds BOS (add_bos_token false is overridden) and has no default BOS id.
    const gemma4 = (name: string, addBos: boolean | undefined, bos?: number): VocabFacts => ({ ...vocab(name, 100), model: "gemma4", addBos, special: bos === undefined ? {} : { bos } });
    assert.equal(pairDifference(gemma4("a", false, 2), gemma4("b", true, 2)), undefined);
    assert.equal(pairDifference(gemma4("a", undefined, 2), gemma4("b", true)), "their beginning-of-text token differs (id 2 in a, id not set in b)");
  });

  it("accepts a token that is a control token in one file and text in the other (llama.cpp compares texts only)", () => {
    const b = vocab("large.gguf", 100);
    const tokenTypes = [...b.tokenTypes!];
    tokenTypes[15] = 1;
    assert.equal(pairDifference(vocab("small.gguf", 100), { ...b, tokenTypes }), undefined);
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
