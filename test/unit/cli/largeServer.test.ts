// `--large-server` on the command line, run as a user would: a separate node process, a real
// llama-server serving the fixture large model, and one that is not there.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, type LlamaServerProcess } from "../../../src/bench/llamaServer/launch";
import { cliPath, SAMPLE_PREFIXES } from "../helpers/fixtures";
import { startServer } from "../helpers/llamaServer";

const dir = mkdtempSync(join(tmpdir(), "ead-cli-server-"));
const prefixFile = join(dir, "prefix.js");
writeFileSync(prefixFile, SAMPLE_PREFIXES[0]);

function cliSync(...args: string[]) {
  const r = spawnSync(process.execPath, [cliPath, ...args], { encoding: "utf8", timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the CLI without blocking this process (the server in it must keep answering). */
function cli(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("cli --large-server", function () {
  this.timeout(300_000);
  let server: LlamaServerProcess;

  before(async () => {
    server = await startServer({ args: ["--api-key", "cli-key-7"] });
  });

  after(async () => {
    await server?.stop();
  });

  it("rejects a URL it cannot use, and --large with it, as usage errors", () => {
    const bad = cliSync("complete", "--prefix-file", prefixFile, "--large-server", "gpu-box:8012");
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--large-server "gpu-box:8012" is not a URL: write it as http:\/\/host:port/);
    const both = cliSync("complete", "--prefix-file", prefixFile, "--large", "x.gguf", "--large-server", "http://127.0.0.1:1");
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--large and --large-server name two large models/);
  });

  it("completes with the large model on the server, the key from the environment, and says so in --json", async () => {
    const r = await cli({ EAD_LARGE_SERVER_KEY: "cli-key-7" }, "complete", "--prefix-file", prefixFile, "--large-server", server.url, "--mode", "large", "--max-tokens", "8", "--threads", "1", "--json");
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.placement.large, "remote");
    assert.equal(out.remote.up, true);
    assert.equal(out.remote.model, "large.gguf");
    assert.equal(out.stats.fallback, undefined);
    assert.ok(out.tokens.length > 0 && out.tokens.every((t: { model: string }) => t.model === "large"));
    assert.ok(!r.stdout.includes("cli-key-7") && !r.stderr.includes("cli-key-7"), "the key is printed nowhere");
  });

  it("a server that is not there: the small model completes, and stderr says why", async () => {
    const port = await freePort();
    const r = await cli({}, "complete", "--prefix-file", prefixFile, "--large-server", `http://127.0.0.1:${port}`, "--mode", "ead", "--max-tokens", "8", "--threads", "1");
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stdout.trim().length > 0);
    assert.match(r.stderr, /team server could not be used; the small model wrote the rest: cannot reach/);
  });
});
