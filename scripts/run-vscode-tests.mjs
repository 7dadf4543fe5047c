#!/usr/bin/env node
// Runs the integration suites (test/vscode) inside code-server via @vscode/test-cli.
// Extra arguments go to `vscode-test` (e.g. --grep PATTERN).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const entry = join(root, ".vscode-test/code-server/node_modules/code-server/out/node/entry.js");
if (!process.env.CODE_SERVER_ENTRY && !existsSync(entry)) {
  console.error("code-server is not installed: run `bash scripts/install-code-server.sh` first.");
  process.exit(1);
}
if (!existsSync(join(root, "dist/extension.js")) || !existsSync(join(root, "out/test/vscode"))) {
  console.error("build output missing: run `npm run build` first.");
  process.exit(1);
}

// No model ships with the extension: the suites use the fixture pair, set as user settings the way
// a user who selected the files would have them (the tests set them back to it after changing them).
const fixtureSettings = {
  "ead.smallModel": join(root, "test/fixtures/models/small.gguf"),
  "ead.largeModel": join(root, "test/fixtures/models/large.gguf"),
  // The test machines have 2 cores shared with code-server and the browser: an explicit thread count
  // keeps the suites' figures independent of the automatic default (which reads the load average).
  "ead.threads": 1,
};
process.env.EAD_TEST_USER_SETTINGS = JSON.stringify({ ...fixtureSettings, ...JSON.parse(process.env.EAD_TEST_USER_SETTINGS || "{}") });

// The test host gives code-server its own XDG folders; suites that need llama-server must find the
// machine's build (scripts/build-llama-server.sh caches it under the user's cache folder).
process.env.EAD_LLAMA_SERVER_CACHE ??= join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "ead-complete", "llama-server");

const started = Date.now();
const cli = join(root, "node_modules/@vscode/test-cli/out/bin.mjs");
const res = spawnSync(process.execPath, [cli, "--config", join(root, ".vscode-test.mjs"), ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
  env: process.env,
});
const secs = ((Date.now() - started) / 1000).toFixed(1);
const code = res.status ?? 1;
console.log(`integration tests (code-server): ${code === 0 ? "passed" : "FAILED"} in ${secs}s`);
process.exit(code);
