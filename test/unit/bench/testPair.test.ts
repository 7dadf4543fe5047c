// The test-pair generator writes what llama.cpp's converter writes for Qwen2.5-Coder: read back from
// the GGUF header with node-llama-cpp's reader.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadLlamaModule } from "../../../src/engine/llama";
import { cliPath } from "../helpers/fixtures";

describe("bench/testPair: the test-pair command", function () {
  this.timeout(300_000);
  const dir = mkdtempSync(join(tmpdir(), "ead-test-pair-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("writes a 151,936 / 152,064 pair with Qwen2.5-Coder's tokenizer, padded as converters pad", async () => {
    const r = spawnSync(process.execPath, [cliPath, "test-pair", "--layout", "qwen2.5-coder", "--small-vocab", "151936", "--large-vocab", "152064", "--out", dir], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    for (const [name, size] of [["small-151936.gguf", 151_936], ["large-152064.gguf", 152_064]] as const) {
      const path = join(dir, name);
      assert.ok(statSync(path).size > 0);
      const info = await (await loadLlamaModule()).readGgufFileInfo(path, { logWarnings: false });
      const meta = info.metadata as unknown as { general: { architecture: string }; tokenizer: { ggml: Record<string, unknown> } };
      const t = meta.tokenizer.ggml;
      const tokens = t.tokens as string[];
      const types = t.token_type as number[];
      assert.equal(meta.general.architecture, "qwen2");
      assert.equal(t.model, "gpt2");
      assert.equal(t.pre, "qwen2");
      assert.equal(tokens.length, size);
      assert.equal((t.merges as string[]).length, 151_387);
      assert.equal((t.merges as string[])[0], "Ġ Ġ");
      // Byte-level BPE text, the added tokens at Qwen2.5-Coder's ids, then [PAD<id>] entries of type UNUSED.
      assert.deepEqual([tokens[0], tokens[220], tokens[151_642]].map((s) => typeof s), ["string", "string", "string"]);
      assert.equal(tokens[220], "Ġ");
      assert.deepEqual(tokens.slice(151_659, 151_665), ["<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|fim_pad|>", "<|repo_name|>", "<|file_sep|>"]);
      assert.equal(tokens[151_643], "<|endoftext|>");
      assert.equal(tokens[151_665], "[PAD151665]");
      assert.equal(tokens[size - 1], `[PAD${size - 1}]`);
      assert.deepEqual([types[100], types[151_643], types[151_657], types[151_664], types[151_665]], [1, 3, 4, 3, 5]);
      assert.equal(t.eos_token_id, 151_643);
      assert.equal(t.bos_token_id, 151_643);
      assert.equal(t.add_bos_token, false);
    }
  });

  // Each family's tokenizer: what its GGUF files carry (ids as published), padded to the default size.
  const FAMILIES = [
    { layout: "deepseek-coder", size: 32_256, model: "gpt2", pre: "deepseek-coder", at: { 32_013: "<｜begin▁of▁sentence｜>", 32_015: "<｜fim▁hole｜>", 32_016: "<｜fim▁begin｜>", 32_017: "<｜fim▁end｜>" } },
    { layout: "starcoder2", size: 49_152, model: "gpt2", pre: "starcoder", at: { 0: "<|endoftext|>", 1: "<fim_prefix>", 2: "<fim_middle>", 3: "<fim_suffix>", 5: "<repo_name>", 6: "<file_sep>" } },
    { layout: "codegemma", size: 262_144, model: "gemma4", pre: undefined, at: { 1: "<eos>", 2: "<bos>", 67: "<|fim_prefix|>", 68: "<|fim_middle|>", 69: "<|fim_suffix|>", 70: "<|file_separator|>" } },
    { layout: "codellama", size: 32_016, model: "llama", pre: "default", at: { 1: "<s>", 2: "</s>", 32_007: "▁<PRE>", 32_008: "▁<SUF>", 32_009: "▁<MID>", 32_010: "▁<EOT>" } },
    { layout: "codestral", size: 32_768, model: "llama", pre: "default", at: { 1: "<s>", 32_000: "[SUFFIX]", 32_001: "[PREFIX]", 32_002: "[MIDDLE]", 32_767: "[PAD32767]" } },
  ] as const;

  for (const family of FAMILIES) {
    it(`--layout ${family.layout}: the family's tokenizer from llama.cpp's vocabulary files, FIM tokens at their published ids`, async () => {
      const out = join(dir, family.layout);
      const r = spawnSync(process.execPath, [cliPath, "test-pair", "--layout", family.layout, "--out", out], { encoding: "utf8" });
      assert.equal(r.status, 0, r.stderr);
      const info = await (await loadLlamaModule()).readGgufFileInfo(join(out, `small-${family.size}.gguf`), { logWarnings: false });
      const t = (info.metadata as unknown as { tokenizer: { ggml: Record<string, unknown> } }).tokenizer.ggml;
      const tokens = t.tokens as string[];
      const types = t.token_type as number[];
      assert.equal(tokens.length, family.size);
      assert.equal(t.model, family.model);
      assert.equal(t.pre, family.pre);
      for (const [id, text] of Object.entries(family.at)) {
        assert.equal(tokens[Number(id)], text, `id ${id}`);
        if (!text.startsWith("[PAD")) assert.ok(types[Number(id)] !== 1, `${text} is not a plain text token`);
      }
      if (family.model !== "gpt2") assert.equal((t.scores as number[]).length, family.size);
    });
  }

  it("refuses an unknown layout and a vocabulary smaller than the real tokens, as usage errors", () => {
    for (const args of [["--layout", "llama3"], ["--small-vocab", "1000"], ["--layout", "codellama", "--small-vocab", "32000"], []]) {
      const r = spawnSync(process.execPath, [cliPath, "test-pair", ...(args.length ? ["--out", dir] : []), ...args], { encoding: "utf8" });
      assert.equal(r.status, 2, `${args.join(" ")}: ${r.stderr}`);
    }
  });
});
