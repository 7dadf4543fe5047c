// Each family found from a GGUF header alone: FIM ids at the family's published ids, order, BOS,
// SentencePiece spacing and end tokens; GGUF keys win over spellings; a vocabulary without FIM tokens
// resolves to nothing, with a hint that names what works.
import assert from "node:assert/strict";
import type { FamilyLayout } from "../../../../src/bench/testPair/familyTokenizers";
import { bundledVocabPath } from "../../../../src/bench/testPair/vocabBundle";
import { FIM_FAMILIES, noFimHint, resolveFim, vocabularyFromGguf, type GgufTokenizerKeys, type ResolvedFim } from "../../../../src/engine/fimFormats/index";
import { loadLlamaModule } from "../../../../src/engine/llama";
import { familyModel } from "../../helpers/familyPairs";

async function keysOf(path: string): Promise<GgufTokenizerKeys> {
  const info = await (await loadLlamaModule()).readGgufFileInfo(path, { logWarnings: false });
  return (info.metadata as unknown as { tokenizer: { ggml: GgufTokenizerKeys } }).tokenizer.ggml;
}

async function resolved(layout: FamilyLayout): Promise<ResolvedFim> {
  const fim = resolveFim(vocabularyFromGguf(await keysOf(await familyModel(layout))));
  assert.ok(fim, `${layout}: no FIM format resolved`);
  return fim;
}

interface Expected {
  tokens: ResolvedFim["tokens"];
  bos?: number;
  spaceless: boolean;
  order: ResolvedFim["order"];
  /** Ids that must end a completion (beyond the FIM markers). */
  ends: number[];
}

const EXPECTED: Record<FamilyLayout, Expected> = {
  "qwen2.5-coder": {
    tokens: { prefix: 151_659, suffix: 151_661, middle: 151_660, pad: 151_662, repoName: 151_663, fileSep: 151_664 },
    spaceless: false,
    order: "prefix-first",
    ends: [151_643, 151_645],
  },
  "deepseek-coder": {
    tokens: { prefix: 32_016, suffix: 32_015, middle: 32_017, pad: undefined, repoName: undefined, fileSep: undefined },
    bos: 32_013,
    spaceless: false,
    order: "prefix-first",
    ends: [32_014, 32_021],
  },
  starcoder2: {
    tokens: { prefix: 1, suffix: 3, middle: 2, pad: 4, repoName: 5, fileSep: 6 },
    spaceless: false,
    order: "prefix-first",
    ends: [0],
  },
  codegemma: {
    tokens: { prefix: 67, suffix: 69, middle: 68, pad: undefined, repoName: undefined, fileSep: 70 },
    bos: 2,
    spaceless: false,
    order: "prefix-first",
    ends: [1],
  },
  codellama: {
    tokens: { prefix: 32_007, suffix: 32_008, middle: 32_009, pad: undefined, repoName: undefined, fileSep: undefined },
    bos: 1,
    spaceless: true,
    order: "prefix-first",
    ends: [32_010, 2],
  },
  codestral: {
    tokens: { prefix: 32_001, suffix: 32_000, middle: 32_002, pad: undefined, repoName: undefined, fileSep: undefined },
    bos: 1,
    spaceless: true,
    order: "suffix-first",
    ends: [2],
  },
};

describe("fimFormats: families resolved from GGUF headers", function () {
  this.timeout(300_000);

  for (const layout of FIM_FAMILIES) {
    it(`${layout}: family, FIM and repo-level ids, order, BOS, spacing, end tokens`, async () => {
      const fim = await resolved(layout);
      const want = EXPECTED[layout];
      assert.equal(fim.family, layout);
      assert.deepEqual(fim.tokens, want.tokens);
      assert.equal(fim.bos, want.bos);
      assert.equal(fim.spacelessPieces, want.spaceless);
      assert.equal(fim.order, want.order);
      assert.equal(fim.middleInPrompt, want.order === "prefix-first");
      for (const id of [...want.ends, ...Object.values(want.tokens).filter((t) => t !== undefined)]) {
        assert.ok(fim.endTokens.has(id!), `${layout}: ${id} should end a completion`);
      }
    });
  }

  it("Codestral's [PREFIX]/[SUFFIX] are found by their text when no GGUF key names them", async () => {
    const keys = { ...(await keysOf(await familyModel("codestral"))) };
    delete keys.fim_pre_token_id;
    delete keys.fim_suf_token_id;
    delete keys.fim_mid_token_id;
    const fim = resolveFim(vocabularyFromGguf(keys));
    assert.equal(fim?.family, "codestral");
    assert.deepEqual([fim?.tokens.prefix, fim?.tokens.suffix], [32_001, 32_000]);
  });

  it("GGUF keys win over the family's spellings, as in llama.cpp; out-of-range keys are ignored", async () => {
    const keys = { ...(await keysOf(await familyModel("starcoder2"))), fim_pre_token_id: 7, fim_mid_token_id: 1 << 30 };
    const fim = resolveFim(vocabularyFromGguf(keys));
    assert.equal(fim?.tokens.prefix, 7);
    assert.equal(fim?.tokens.middle, 2);
  });

  it("a vocabulary without FIM tokens (LLaMA's) resolves to nothing, and the hint names models that work", async () => {
    const keys = await keysOf(bundledVocabPath("llama-spm"));
    assert.equal(resolveFim(vocabularyFromGguf(keys)), undefined);
    const hint = noFimHint("llama-2-7b.gguf");
    assert.match(hint, /^llama-2-7b\.gguf has no fill-in-the-middle tokens; use a base coder model with fill-in-the-middle, e\.g\. /);
    assert.match(hint, /Qwen2\.5-Coder/);
  });
});
