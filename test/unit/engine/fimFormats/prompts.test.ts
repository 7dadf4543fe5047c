// How each family's prompt is laid out on its real (or nearest) tokenizer: BOS, marker order, and the
// SentencePiece spacing of the pieces that continue other text.
import assert from "node:assert/strict";
import type { LlamaModel, Token } from "node-llama-cpp";
import type { FamilyLayout } from "../../../../src/bench/testPair/familyTokenizers";
import { buildFimPrompt } from "../../../../src/engine/fim";
import { FIM_FAMILIES } from "../../../../src/engine/fimFormats/index";
import { detokenizeContinuation, fimFormatOf, tokenizeContinuation } from "../../../../src/engine/fimFormats/modelFim";
import { familyVocabModel } from "../../helpers/familyPairs";

const PREFIX = "def f(x):\n    y = x * 2\n    return ";
const SUFFIX = " y\n\nprint(f(1))\n";

describe("fimFormats: prompt layout per family", function () {
  this.timeout(300_000);
  const models = new Map<FamilyLayout, LlamaModel>();
  const model = async (layout: FamilyLayout) => {
    let m = models.get(layout);
    if (!m) models.set(layout, (m = await familyVocabModel(layout)));
    return m;
  };
  after(async () => {
    for (const m of models.values()) await m.dispose();
  });

  for (const layout of FIM_FAMILIES) {
    it(`${layout}: markers in the family's order, BOS where the vocabulary adds one, the text round-trips`, async () => {
      const m = await model(layout);
      const fim = fimFormatOf(m)!;
      const prompt = buildFimPrompt(m, PREFIX, SUFFIX, undefined, Infinity, "line");
      const bos = fim.bos === undefined ? [] : [fim.bos];
      assert.deepEqual(prompt.slice(0, bos.length), bos);
      const at = (id: number) => prompt.indexOf(id);
      const { prefix, suffix, middle } = fim.tokens;
      const text = (from: number, to?: number) => detokenizeContinuation(m, prompt.slice(from, to), fim);
      if (fim.middleInPrompt) {
        assert.equal(at(prefix), bos.length);
        assert.ok(at(prefix) < at(suffix) && at(suffix) < at(middle!));
        // Line layout: the lines above before the suffix, the typed part of the line after the middle marker.
        assert.equal(m.detokenize(prompt.slice(at(prefix) + 1, at(suffix)) as Token[]), "def f(x):\n    y = x * 2\n");
        assert.equal(text(at(suffix) + 1, at(middle!)), SUFFIX);
        assert.equal(text(at(middle!) + 1), "    return ");
      } else {
        // Suffix first, then the whole prefix up to the cursor; no middle marker.
        assert.equal(at(suffix), bos.length);
        assert.ok(at(suffix) < at(prefix));
        assert.equal(at(middle!), -1);
        assert.equal(text(at(suffix) + 1, at(prefix)), SUFFIX);
        assert.equal(m.detokenize(prompt.slice(at(prefix) + 1) as Token[]), PREFIX);
      }
    });
  }

  for (const layout of ["codellama", "codestral"] as const) {
    it(`${layout}: the suffix and the typed part carry no SentencePiece space of their own`, async () => {
      const m = await model(layout);
      const fim = fimFormatOf(m)!;
      const plain = m.tokenize("    return ", false) as number[];
      const spaceless = tokenizeContinuation(m, "    return ", fim);
      // llama.cpp's tokenizer adds a space to every text: five spaces where four were typed.
      assert.equal(m.detokenize([...m.tokenize("\n", false), ...plain] as Token[]), "\n     return ");
      assert.equal(m.detokenize([...m.tokenize("\n", false), ...spaceless] as Token[]), "\n    return ");
      // Generated text keeps its leading space (plain detokenisation drops it).
      const word = tokenizeContinuation(m, " total", fim);
      assert.equal(m.detokenize(word as Token[]), "total");
      assert.equal(detokenizeContinuation(m, word, fim), " total");
    });
  }

  it("byte-level BPE families tokenize every piece as it is (no spacing rule)", async () => {
    for (const layout of ["qwen2.5-coder", "deepseek-coder", "starcoder2", "codegemma"] as const) {
      const m = await model(layout);
      const fim = fimFormatOf(m)!;
      assert.equal(fim.spacelessPieces, false, layout);
      assert.deepEqual(tokenizeContinuation(m, "    return ", fim), m.tokenize("    return ", false), layout);
    }
  });

  it("the prompt budget counts BOS and every marker", async () => {
    const m = await model("codellama");
    // One long line after the cursor: the suffix is cut to exactly what the budget leaves.
    const long = "1, ".repeat(600);
    let full = 0;
    for (let budget = 8; budget <= 300; budget++) {
      const prompt = buildFimPrompt(m, "values = [", long, undefined, budget, "cursor");
      assert.ok(prompt.length <= budget, `${prompt.length} tokens for a budget of ${budget}`);
      if (prompt.length === budget) full++;
    }
    // Budgets the prompt fills exactly are where a marker left uncounted would overflow.
    assert.ok(full > 0);
  });
});
