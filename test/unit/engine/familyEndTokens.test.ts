// Each family's end-of-completion tokens end a completion, including those llama.cpp does not count
// as end of generation (CodeGemma's <|file_separator|>, CodeLlama's ▁<EOT>, StarCoder2's <file_sep>
// and <repo_name>, DeepSeek's <|EOT|>): a large model that always writes the token stops the completion.
import assert from "node:assert/strict";
import type { FamilyLayout } from "../../../src/bench/testPair/familyTokenizers";
import { EadEngine } from "../../../src/engine/engine";
import { SAMPLE_PREFIXES } from "../helpers/fixtures";
import { familyPair } from "../helpers/familyPairs";

/** [family, token text, id, whether llama.cpp itself counts it as end of generation]. */
const ENDS: [FamilyLayout, string, number, boolean][] = [
  ["deepseek-coder", "<｜end▁of▁sentence｜>", 32_014, true],
  ["deepseek-coder", "<|EOT|>", 32_021, false],
  ["starcoder2", "<|endoftext|>", 0, true],
  ["starcoder2", "<fim_pad>", 4, true],
  ["starcoder2", "<repo_name>", 5, false],
  ["starcoder2", "<file_sep>", 6, false],
  ["codegemma", "<|file_separator|>", 70, false],
  ["codegemma", "<eos>", 1, true],
  ["codellama", "▁<EOT>", 32_010, false],
  ["codellama", "</s>", 2, true],
  ["codestral", "</s>", 2, true],
];

describe("engine: each family's end tokens end a completion", function () {
  this.timeout(300_000);

  for (const [layout, text, id, llamaCppEog] of ENDS) {
    it(`${layout}: ${text} (${id})`, async () => {
      const paths = await familyPair(layout, id);
      const engine = await EadEngine.load({ smallModelPath: paths.small, largeModelPath: paths.large, threads: 1, contextSize: 512, batchSize: 64 });
      try {
        const large = engine.models.large!;
        assert.equal(large.detokenize([id as never], true), text);
        assert.equal(large.isEogToken(id as never), llamaCppEog, "llama.cpp's own view of the token");
        const prompt = engine.buildPrompt(SAMPLE_PREFIXES[2], "\n}\n");
        const [next] = (await engine.lanes.large.advance(prompt, { topK: 8 })).next;
        assert.equal(next.token, id, "the large model writes the end token");
        // The small model writes three tokens, then the large one writes the end token: nothing after it.
        const r = await engine.complete({ prefix: SAMPLE_PREFIXES[2], suffix: "\n}\n", settings: { mode: "ead", maxTokens: 16 }, schedule: ["small", "small", "small", "large"] });
        assert.equal(r.stats.stopReason, "eog");
        assert.deepEqual(r.tokens.map((t) => t.model), ["small", "small", "small"]);
        for (const mode of ["large", "speculative"] as const) {
          const only = await engine.complete({ prefix: SAMPLE_PREFIXES[2], suffix: "\n}\n", settings: { mode, maxTokens: 16 } });
          assert.equal(only.stats.stopReason, "eog", mode);
          assert.equal(only.tokens.length, 0, mode);
        }
      } finally {
        await engine.dispose();
      }
    });
  }
});
