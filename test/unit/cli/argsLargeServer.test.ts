// `--large-server` refuses what the editor's ead.largeServer refuses (a user name or password in the
// URL, a query string), as a usage error (exit code 2), and never repeats the secret: not on stderr,
// not on stdout, not with --json. Run as a user would: the built CLI in its own process.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cliPath } from "../helpers/fixtures";

const dir = mkdtempSync(join(tmpdir(), "ead-cli-url-"));
const prefixFile = join(dir, "prefix.js");
writeFileSync(prefixFile, "function add(a, b) {\n  return ");

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [cliPath, ...args], { encoding: "utf8", timeout: 60_000, env: { ...process.env, EAD_LARGE_SERVER_KEY: "env-key-never-shown" } });
  return { code: r.status, out: `${r.stdout}\n${r.stderr}` };
}

describe("cli/args --large-server", function () {
  this.timeout(120_000);

  it("refuses user-info with exit code 2 and prints nothing containing the password", () => {
    for (const extra of [[], ["--json"]]) {
      const r = cli("complete", "--large-server", "http://user:secret@127.0.0.1:9", "--prefix-file", prefixFile, ...extra);
      assert.equal(r.code, 2, r.out);
      assert.match(r.out, /--large-server \(http:\/\/127\.0\.0\.1:9\) holds a user name or password/);
      assert.doesNotMatch(r.out, /secret|user:/);
    }
  });

  it("refuses a query string or fragment with exit code 2 without repeating it", () => {
    for (const url of ["http://127.0.0.1:9/?api_key=secret", "http://127.0.0.1:9/#secret"]) {
      const r = cli("complete", "--large-server", url, "--prefix-file", prefixFile, "--json");
      assert.equal(r.code, 2, r.out);
      assert.match(r.out, /without a query or fragment, such as http:\/\/127\.0\.0\.1:9\./);
      assert.doesNotMatch(r.out, /secret/);
    }
  });

  it("a URL that does not parse is named without its user-info or query", () => {
    for (const url of ["http://user:secret@gpu box:9", "http://gpu box:9/?key=secret", "user:secret@gpu-box:9"]) {
      const r = cli("complete", "--large-server", url, "--prefix-file", prefixFile);
      assert.equal(r.code, 2, r.out);
      assert.match(r.out, /is not a URL/);
      assert.doesNotMatch(r.out, /secret/);
    }
  });

  it("remote-equality's --large-server gets the same check", () => {
    const r = cli("remote-equality", "--large-server", "http://user:secret@127.0.0.1:9");
    assert.equal(r.code, 2, r.out);
    assert.match(r.out, /holds a user name or password/);
    assert.doesNotMatch(r.out, /secret/);
  });

  it("the key from the environment appears in no refusal", () => {
    const r = cli("complete", "--large-server", "ftp://127.0.0.1:9", "--prefix-file", prefixFile, "--json");
    assert.equal(r.code, 2, r.out);
    assert.match(r.out, /must be an http:\/\/ or https:\/\/ URL/);
    assert.doesNotMatch(r.out, /env-key-never-shown/);
  });
});
