// BOS, EOS and whether BOS is added, as the FIM formats read them from GGUF keys: llama.cpp's values
// (llama_vocab::impl::load), defaults included, the same the pair rule compares.
import assert from "node:assert/strict";
import { resolveFim, vocabularyFromGguf, type GgufTokenizerKeys } from "../../../../src/engine/fimFormats/index";
import { resolveVocab } from "../../../../src/engine/modelfiles/vocabDefaults";

/** `size` plain tokens, with llama.cpp's FIM spellings at 15-17 where there is room. */
function tokens(size: number): string[] {
  const out = Array.from({ length: size }, (_, i) => `tok${i}`);
  if (size > 17) out.splice(15, 3, "<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>");
  return out;
}

const bpe = (extra: Partial<GgufTokenizerKeys> = {}, size = 20): GgufTokenizerKeys => ({ model: "gpt2", pre: "qwen2", tokens: tokens(size), ...extra });

describe("fimFormats: a vocabulary's BOS and EOS, resolved as llama.cpp resolves them", () => {
  it("a llama3 or tekken pre-tokenizer adds BOS when add_bos_token is left out; the key overrides", () => {
    for (const pre of ["llama3", "llama-bpe", "tekken"]) {
      assert.equal(vocabularyFromGguf(bpe({ pre })).addsBos, true, pre);
      assert.equal(vocabularyFromGguf(bpe({ pre, add_bos_token: false })).addsBos, false, pre);
    }
    // Other pre-tokenizers add none unless the key says so.
    assert.equal(vocabularyFromGguf(bpe()).addsBos, false);
    assert.equal(vocabularyFromGguf(bpe({ add_bos_token: true })).addsBos, true);
  });

  it("a BPE vocabulary without BOS/EOS keys has llama.cpp's id 11 where the vocabulary reaches it, none where it is smaller", () => {
    const v = vocabularyFromGguf(bpe());
    assert.deepEqual([v.bos, v.eos], [11, 11]);
    const small = vocabularyFromGguf(bpe({}, 11));
    assert.deepEqual([small.bos, small.eos], [undefined, undefined]);
    // ChatGLM's pre-tokenizers have no default BOS.
    assert.equal(vocabularyFromGguf(bpe({ pre: "glm4" })).bos, undefined);
  });

  it("keys in range override the defaults; a key out of range keeps the default", () => {
    const v = vocabularyFromGguf(bpe({ bos_token_id: 3, eos_token_id: 4 }));
    assert.deepEqual([v.bos, v.eos], [3, 4]);
    const out = vocabularyFromGguf(bpe({ bos_token_id: 3, eos_token_id: 1 << 20 }));
    assert.deepEqual([out.bos, out.eos], [3, 11]);
    const spm = vocabularyFromGguf({ model: "llama", tokens: tokens(20), bos_token_id: 5, eos_token_id: 99 });
    assert.deepEqual([spm.bos, spm.eos, spm.addsBos], [5, 2, true]);
  });

  it("the end tokens and the prompt's BOS follow: EOS 11 ends a completion, a llama3 vocabulary's prompt opens with BOS", () => {
    const fim = resolveFim(vocabularyFromGguf(bpe({ pre: "llama3" })));
    assert.ok(fim?.endTokens.has(11));
    assert.equal(fim?.bos, 11);
    const keyed = resolveFim(vocabularyFromGguf(bpe({ pre: "llama3", bos_token_id: 1, eos_token_id: 2 })));
    assert.equal(keyed?.bos, 1);
    assert.ok(keyed?.endTokens.has(2) && !keyed.endTokens.has(11));
  });

  it("SentencePiece: BOS 1 added, EOS 2, a space prefix unless the key says otherwise", () => {
    const v = vocabularyFromGguf({ model: "llama", tokens: tokens(20) });
    assert.deepEqual([v.bos, v.eos, v.addsBos, v.addsSpacePrefix], [1, 2, true, true]);
    assert.equal(vocabularyFromGguf({ model: "llama", tokens: tokens(20), add_space_prefix: false }).addsSpacePrefix, false);
    assert.equal(vocabularyFromGguf({ model: "llama", tokens: tokens(20), add_bos_token: false }).addsBos, false);
    assert.equal(vocabularyFromGguf(bpe({ add_space_prefix: true })).addsSpacePrefix, false);
  });

  it("Gemma 4 adds BOS whatever add_bos_token says and has no default ids", () => {
    const v = vocabularyFromGguf({ model: "gemma4", tokens: tokens(20), add_bos_token: false });
    assert.deepEqual([v.bos, v.eos, v.addsBos, v.addsSpacePrefix], [undefined, undefined, true, false]);
    const keyed = vocabularyFromGguf({ model: "gemma4", tokens: tokens(20), bos_token_id: 2, eos_token_id: 1 });
    assert.deepEqual([keyed.bos, keyed.eos, keyed.addsBos], [2, 1, true]);
  });

  it("gives the values the pair rule resolves, for every tokenizer and key combination", () => {
    for (const model of ["llama", "gpt2", "gemma4", "bert", "t5", "rwkv", "none"]) {
      for (const pre of [undefined, "qwen2", "llama3", "tekken", "glm4", "gemma4"]) {
        for (const size of [5, 20]) {
          for (const add_bos_token of [undefined, true, false]) {
            for (const [bos_token_id, eos_token_id] of [[undefined, undefined], [3, 4], [40, 1]]) {
              const v = vocabularyFromGguf({ model, pre, tokens: tokens(size), add_bos_token, bos_token_id, eos_token_id });
              const r = resolveVocab({ model, pre, size, addBos: add_bos_token, bos: bos_token_id, eos: eos_token_id });
              assert.deepEqual([v.bos, v.eos, v.addsBos], [r.bos, r.eos, r.addBos], JSON.stringify({ model, pre, size, add_bos_token, bos_token_id, eos_token_id }));
            }
          }
        }
      }
    }
  });
});
