// The `complete` command's contract, run as a user would: a separate node process.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cliPath, fixtures, SAMPLE_PREFIXES } from "../helpers/fixtures";

const dir = mkdtempSync(join(tmpdir(), "ead-cli-"));
const prefixFile = join(dir, "prefix.js");
writeFileSync(prefixFile, SAMPLE_PREFIXES[0]);

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [cliPath, ...args], { encoding: "utf8", timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A copy of the small model whose vocabulary differs in one control token's text. */
function mismatchedModel(): string {
  const bytes = readFileSync(fixtures.small);
  const at = bytes.indexOf(Buffer.from("<|repo_name|>"));
  assert.ok(at > 0, "fixture vocabulary has <|repo_name|>");
  bytes.write("X", at + 3, "latin1"); // <|rXpo_name|>: same length, so the file stays valid
  const path = join(dir, "other-vocab.gguf");
  writeFileSync(path, bytes);
  return path;
}

describe("cli complete", function () {
  it("prints the JSON contract", () => {
    const r = cli("complete", "--prefix-file", prefixFile, "--mode", "ead", "--max-tokens", "12", "--threads", "1", "--json");
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(typeof out.text, "string");
    assert.ok(out.tokens.length > 0);
    for (const t of out.tokens) {
      assert.equal(typeof t.text, "string");
      assert.ok(t.model === "small" || t.model === "large");
      assert.equal(typeof t.entropy, "number");
      assert.equal(typeof t.rolling, "number");
    }
    assert.equal(out.tokens.map((t: { text: string }) => t.text).join(""), out.text);
    const s = out.stats;
    assert.equal(s.smallTokens + s.largeTokens, out.tokens.length);
    for (const k of ["switches", "ms", "paramCost"]) assert.ok(k in s, k);
    assert.ok(s.evaluated.small > 0 && typeof s.evaluated.large === "number");
  });

  it("gives a one-line error and exit code 2 for bad arguments", () => {
    for (const args of [
      ["complete"],
      ["complete", "--prefix-file", prefixFile, "--mode", "turbo"],
      ["complete", "--prefix-file", prefixFile, "--window", "0"],
      ["complete", "--prefix-file", prefixFile, "--threshold", "abc"],
      ["complete", "--prefix-file", join(dir, "missing.js")],
      ["complete", "--prefix-file", prefixFile, "--bogus"],
      ["complete", "--prefix-file", prefixFile, "--gpu", "rocm"],
    ]) {
      const r = cli(...args);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
      assert.match(r.stderr, /^ead: /);
    }
  });

  it("refuses a missing model and a pair with different vocabularies with exit code 2", () => {
    const missing = cli("complete", "--prefix-file", prefixFile, "--threads", "1", "--small", join(dir, "nope.gguf"));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.gguf does not exist/);

    const notGguf = cli("complete", "--prefix-file", prefixFile, "--threads", "1", "--large", prefixFile);
    assert.equal(notGguf.code, 2);
    assert.match(notGguf.stderr, /not a GGUF file/);

    const mismatch = cli("complete", "--prefix-file", prefixFile, "--threads", "1", "--large", mismatchedModel());
    assert.equal(mismatch.code, 2, mismatch.stderr);
    assert.match(mismatch.stderr, /cannot be paired: token \d+ differs/);
    assert.equal(mismatch.stderr.trim().split("\n").length, 1);
  });
});
