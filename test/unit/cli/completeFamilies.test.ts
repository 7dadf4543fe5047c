// `complete --json` on a random-weight pair of every coder family (its real or nearest tokenizer; the
// large model has 64 padding entries more), in every mode, run as a user would.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FAMILY_LAYOUTS } from "../../../src/bench/testPair/familyTokenizers";
import { runCli } from "../helpers/cliProcess";
import { SAMPLE_PREFIXES } from "../helpers/fixtures";
import { familyPair } from "../helpers/familyPairs";

const cli = runCli;

describe("cli complete on every coder family's format", function () {
  // CodeGemma's 262,144-entry vocabulary (514,906 merges) takes most of it: each run loads it twice.
  this.timeout(600_000);
  const dir = mkdtempSync(join(tmpdir(), "ead-cli-families-"));
  const prefixFile = join(dir, "prefix.js");
  const suffixFile = join(dir, "suffix.js");
  writeFileSync(prefixFile, SAMPLE_PREFIXES[0]);
  writeFileSync(suffixFile, "  }\n  return total;\n}\n");

  for (const layout of FAMILY_LAYOUTS) {
    it(`${layout}: all four modes write token ids both models have`, async () => {
      const { small, large, smallVocab } = await familyPair(layout);
      for (const mode of ["small", "large", "ead", "speculative"] as const) {
        const r = await cli(["complete", "--small", small, "--large", large, "--prefix-file", prefixFile, "--suffix-file", suffixFile, "--mode", mode, "--max-tokens", "8", "--threshold", "8", "--threads", "1", "--json"]);
        assert.equal(r.code, 0, `${mode}: ${r.stderr}`);
        const out = JSON.parse(r.stdout) as { text: string; tokens: { id: number; text: string; model: string }[]; stats: { stopReason: string; largeTokens: number } };
        assert.equal(out.tokens.length, 8, `${mode}: ${out.stats.stopReason}`);
        for (const t of out.tokens) assert.ok(Number.isInteger(t.id) && t.id >= 0 && t.id < smallVocab, `${mode}: id ${t.id}`);
        assert.equal(out.tokens.map((t) => t.text).join(""), out.text, mode);
        if (mode !== "small") assert.ok(out.stats.largeTokens > 0 || mode === "ead", `${mode}: the large model wrote nothing`);
      }
    });
  }
});
