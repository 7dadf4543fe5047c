// `complete --context-file`: the context reaches the prompt, and a bad file is refused with a message
// that says what to fix (exit code 2), before any model loads.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../helpers/cliProcess";
import { SAMPLE_PREFIXES, syntheticJs } from "../helpers/fixtures";

const dir = mkdtempSync(join(tmpdir(), "ead-cli-context-"));
const prefixFile = join(dir, "prefix.js");
writeFileSync(prefixFile, SAMPLE_PREFIXES[0]);

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe("cli complete --context-file", function () {
  this.timeout(300_000);

  it("puts the file's chunks before the prompt (the model evaluates them)", async () => {
    const context = file("context.json", JSON.stringify({ repo: "demo", path: "src/main.js", chunks: [{ path: "src/util.js", text: syntheticJs(6) }] }));
    const base = ["complete", "--prefix-file", prefixFile, "--mode", "small", "--max-tokens", "1", "--threads", "1", "--json"];
    const plain = await runCli(base);
    const withContext = await runCli([...base, "--context-file", context]);
    assert.equal(plain.code, 0, plain.stderr);
    assert.equal(withContext.code, 0, withContext.stderr);
    const evaluated = (run: { stdout: string }) => JSON.parse(run.stdout).stats.evaluated.small as number;
    assert.ok(evaluated(withContext) - evaluated(plain) > 40, `${evaluated(plain)} tokens without context, ${evaluated(withContext)} with`);
  });

  it("refuses a bad file with one line that says what is wrong, exit code 2", async () => {
    const cases: [string, RegExp][] = [
      [file("broken.json", '{"chunks": [ {"path": "a.js", '), /is not valid JSON .*expected \{"chunks"/],
      [file("array.json", "[]"), /must be an object with a "chunks" array/],
      [file("nochunks.json", '{"repo": "x"}'), /chunks must be an array/],
      [file("badtext.json", '{"chunks": [{"path": "a.js", "text": 3}]}'), /chunks\[0\]\.text must be a string/],
      [file("badmax.json", '{"chunks": [], "maxTokens": -5}'), /maxTokens must be a non-negative integer/],
      [join(dir, "missing.json"), /cannot read context file .*ENOENT/],
    ];
    for (const [path, message] of cases) {
      const r = await runCli(["complete", "--prefix-file", prefixFile, "--context-file", path]);
      assert.equal(r.code, 2, `${path}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.match(r.stderr, /^ead: /);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    }
  });
});
