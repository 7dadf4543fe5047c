// The pair check on real GGUF files made from the fixture pair: optional header keys left out by a
// converter do not refuse a pair, and a model without FIM tokens is refused when chosen or loaded.
import * as assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EadEngine } from "../../../../src/engine/engine";
import { EngineError } from "../../../../src/engine/errors";
import { checkPair } from "../../../../src/engine/modelfiles/pairCheck";
import { fixtures } from "../../helpers/fixtures";
import { rewriteGguf } from "../../helpers/ggufRewrite";

/** The keys a converter may leave out; llama.cpp fills in defaults (or finds FIM tokens by their text). */
const OPTIONAL_KEYS = [
  "tokenizer.ggml.add_bos_token",
  "tokenizer.ggml.add_eos_token",
  "tokenizer.ggml.bos_token_id",
  "tokenizer.ggml.eos_token_id",
  "tokenizer.ggml.fim_pre_token_id",
  "tokenizer.ggml.fim_suf_token_id",
  "tokenizer.ggml.fim_mid_token_id",
  "tokenizer.ggml.fim_pad_token_id",
  "tokenizer.ggml.fim_rep_token_id",
  "tokenizer.ggml.fim_sep_token_id",
];

describe("pair check on files from different converters", function () {
  this.timeout(120_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), "ead-paircheck-"))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("pairs a small file written without the optional keys with the large file written with them", async () => {
    const bare = join(dir, "small-bare.gguf");
    rewriteGguf(fixtures.small, bare, { remove: OPTIONAL_KEYS });
    const estimate = await checkPair(bare, fixtures.large, { threads: 1, contextSize: 256, batchSize: 32 });
    assert.ok(estimate.total > 0);
    // And the other way round, with add_bos_token written out as its default.
    const explicit = join(dir, "large-explicit.gguf");
    rewriteGguf(fixtures.large, explicit, { remove: OPTIONAL_KEYS, set: { "tokenizer.ggml.add_bos_token": { type: "bool", value: false } } });
    await checkPair(fixtures.small, explicit, { threads: 1, contextSize: 256, batchSize: 32 });
  });

  it("still refuses a resolved difference: one file adds a beginning-of-text token", async () => {
    const adds = join(dir, "small-adds-bos.gguf");
    rewriteGguf(fixtures.small, adds, { set: { "tokenizer.ggml.add_bos_token": { type: "bool", value: true } } });
    await assert.rejects(checkPair(adds, fixtures.large, { threads: 1 }), (e: EngineError) => e.code === "VOCAB_MISMATCH" && /add_bos_token true vs false/.test(e.message));
  });

  it("refuses a model without FIM tokens when the pair is checked and when it is loaded, with a hint", async () => {
    const noFim = join(dir, "chat-model.gguf");
    // Neither the keys nor tokens llama.cpp would recognise as FIM tokens.
    rewriteGguf(fixtures.small, noFim, { remove: OPTIONAL_KEYS, renameTokens: { 4090: "<|a|>", 4091: "<|b|>", 4092: "<|c|>" } });
    const refused = (e: EngineError) =>
      e.code === "NO_FIM_TOKENS" && /The small model chat-model\.gguf has no fill-in-the-middle tokens/.test(e.message) && /use a base coder model with fill-in-the-middle, e\.g\./i.test(e.message);
    await assert.rejects(checkPair(noFim, fixtures.large, { threads: 1 }), refused);
    await assert.rejects(EadEngine.load({ smallModelPath: noFim, largeModelPath: fixtures.large, threads: 1 }), refused);
  });
});
