// `complete` on a real-format pair (151,936 / 152,064 tokens) in every mode, run as a user would.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../helpers/cliProcess";
import { SAMPLE_PREFIXES } from "../helpers/fixtures";
import { qwenTestPair, SMALL_VOCAB } from "../helpers/realPair";

const cli = runCli;

describe("cli complete on a real-format Qwen2.5-Coder pair", function () {
  this.timeout(300_000);
  const dir = mkdtempSync(join(tmpdir(), "ead-cli-real-"));
  const prefixFile = join(dir, "prefix.js");
  writeFileSync(prefixFile, SAMPLE_PREFIXES[3]);

  for (const mode of ["small", "large", "ead", "speculative"] as const) {
    it(`--mode ${mode}: token events carry ids both models have`, async () => {
      const { small, large } = qwenTestPair();
      const r = await cli(["complete", "--small", small, "--large", large, "--prefix-file", prefixFile, "--mode", mode, "--max-tokens", "8", "--threshold", "8", "--threads", "1", "--json"]);
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout) as { text: string; tokens: { id: number; text: string; model: string }[]; stats: { stopReason: string }; placement: unknown; gpu: unknown };
      assert.deepEqual(out.placement, { small: "cpu", large: "cpu" });
      assert.equal(out.gpu, false);
      assert.equal(out.tokens.length, 8, out.stats.stopReason);
      for (const t of out.tokens) {
        assert.ok(Number.isInteger(t.id) && t.id >= 0 && t.id < SMALL_VOCAB, `id ${t.id}`);
      }
      assert.equal(out.tokens.map((t) => t.text).join(""), out.text);
    });
  }
});
