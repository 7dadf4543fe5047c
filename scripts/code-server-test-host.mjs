#!/usr/bin/env node
// A "VS Code executable" for @vscode/test-cli / @vscode/test-electron that runs the extension tests in
// code-server (VS Code for the browser, its extension host on this machine's Node) opened in headless
// chromium. It takes the arguments test-electron passes to VS Code:
//   [folder] --extensionDevelopmentPath=DIR --extensionTestsPath=FILE [other VS Code flags, ignored]
// starts code-server on a free 127.0.0.1 port with throwaway directories, opens the workbench with the
// test payload, prints what the workbench reports through codeAutomationLog, and exits with the code
// given to codeAutomationExit (1 on timeout or any set-up failure).
//
// Environment:
//   CODE_SERVER_ENTRY      code-server's out/node/entry.js (default: .vscode-test/code-server/...)
//   CHROMIUM_PATH          browser binary (default: /usr/lib/chromium/chromium or /usr/bin/chromium)
//   EAD_TEST_TIMEOUT_MS    whole-run limit (default 600000)
//   EAD_TEST_USER_SETTINGS JSON object merged into the throwaway user settings.json
//   EAD_TEST_KEEP_RUN_DIR  1 = keep the throwaway directory (logs, profile) for inspection
//   EAD_TEST_VERBOSE       1 = also print the workbench's start-up log lines
//   EAD_TEST_ARTIFACTS     where a failure screenshot and logs are copied (default test-results/vscode)
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
const note = (msg) => process.stderr.write(`[code-server-test-host ${elapsed()}] ${msg}\n`);

function parseArgs(argv) {
  const opts = { devPaths: [], testsPath: undefined, folder: undefined };
  for (const arg of argv) {
    if (arg.startsWith("--extensionDevelopmentPath=")) opts.devPaths.push(arg.slice(arg.indexOf("=") + 1));
    else if (arg.startsWith("--extensionTestsPath=")) opts.testsPath = arg.slice(arg.indexOf("=") + 1);
    else if (!arg.startsWith("-") && opts.folder === undefined) opts.folder = arg;
  }
  return opts;
}

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", rej);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  for (const c of candidates) if (c && existsSync(c)) return c;
  throw new Error("chromium not found: install the Debian package 'chromium' or set CHROMIUM_PATH");
}

async function waitForHealth(url, child, limitMs) {
  const end = Date.now() + limitMs;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`code-server exited early with code ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer ${url} within ${limitMs} ms`);
}

const opts = parseArgs(process.argv.slice(2));
if (!opts.testsPath || opts.devPaths.length === 0) {
  note("usage: code-server-test-host.mjs [folder] --extensionDevelopmentPath=DIR --extensionTestsPath=FILE");
  process.exit(2);
}

const entry = process.env.CODE_SERVER_ENTRY ?? join(ROOT, ".vscode-test/code-server/node_modules/code-server/out/node/entry.js");
if (!existsSync(entry)) {
  note(`code-server not found at ${entry}: run scripts/install-code-server.sh first`);
  process.exit(1);
}

const runsDir = join(ROOT, ".vscode-test", "runs");
mkdirSync(runsDir, { recursive: true });
const runDir = mkdtempSync(join(runsDir, "run-"));
const dirs = {
  userData: join(runDir, "user-data"),
  extensions: join(runDir, "extensions"),
  xdgConfig: join(runDir, "xdg-config"),
  xdgData: join(runDir, "xdg-data"),
  xdgCache: join(runDir, "xdg-cache"),
  browser: join(runDir, "browser"),
};
for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });

// The web workbench auto-saves edits: open a fresh copy of the folder each run.
let folder;
if (opts.folder) {
  folder = join(runDir, "workspace");
  cpSync(resolve(opts.folder), folder, { recursive: true });
}

const settings = {
  "files.autoSave": "off",
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "telemetry.telemetryLevel": "off",
  "security.workspace.trust.enabled": false,
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "update.mode": "none",
  "git.enabled": false,
  ...JSON.parse(process.env.EAD_TEST_USER_SETTINGS || "{}"),
};
mkdirSync(join(dirs.userData, "User"), { recursive: true });
writeFileSync(join(dirs.userData, "User", "settings.json"), JSON.stringify(settings, null, 2));
// code-server is a remote window: settings of scope "machine" (the model files, the team server) apply
// only from the remote machine's settings, as a user of a remote would set them there.
const machineScoped = new Set(
  [JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), "..", "package.json"), "utf8")).contributes.configuration]
    .flat()
    .flatMap((section) => Object.entries(section.properties))
    .filter(([, p]) => p.scope === "machine")
    .map(([key]) => key),
);
mkdirSync(join(dirs.userData, "Machine"), { recursive: true });
writeFileSync(join(dirs.userData, "Machine", "settings.json"), JSON.stringify(Object.fromEntries(Object.entries(settings).filter(([k]) => machineScoped.has(k))), null, 2));
writeFileSync(join(runDir, "config.yaml"), "auth: none\ncert: false\n");

const port = await freePort();
const authority = `127.0.0.1:${port}`;
const env = { ...process.env };
delete env.PORT; // $PORT overrides --bind-addr
delete env.PASSWORD;
delete env.HASHED_PASSWORD;
Object.assign(env, {
  EXTENSIONS_GALLERY: "{}",
  XDG_CONFIG_HOME: dirs.xdgConfig,
  XDG_DATA_HOME: dirs.xdgData,
  XDG_CACHE_HOME: dirs.xdgCache,
  CS_DISABLE_FILE_DOWNLOADS: "1",
});

function disableTypeScriptArgs(entryPath) {
  const help = spawnSync(process.execPath, [entryPath, "--help"], { encoding: "utf8" }).stdout ?? "";
  return help.includes("--disable-extension") ? ["--disable-extension", "vscode.typescript-language-features"] : [];
}

const serverLog = join(runDir, "code-server.log");
const serverOut = [];
const server = spawn(
  process.execPath,
  [
    entry,
    "--auth", "none",
    "--bind-addr", authority,
    "--config", join(runDir, "config.yaml"),
    "--user-data-dir", dirs.userData,
    "--extensions-dir", dirs.extensions,
    "--disable-telemetry",
    "--disable-update-check",
    "--disable-workspace-trust",
    "--disable-getting-started-override",
    "--ignore-last-opened",
    // The built-in TypeScript service is not under test and costs a core while the models run
    // (only where this code-server knows the flag: 4.100.3 does not and refuses to start).
    ...disableTypeScriptArgs(entry),
  ],
  { env, cwd: runDir, detached: true, stdio: ["ignore", "pipe", "pipe"] },
);
for (const stream of [server.stdout, server.stderr]) stream.on("data", (d) => serverOut.push(d));

let browser;
let page;
let finishing = false;

function stopServer() {
  if (server.exitCode !== null || server.pid === undefined) return;
  try {
    process.kill(-server.pid, "SIGTERM");
  } catch {
    // already gone
  }
  const t = setTimeout(() => {
    try {
      process.kill(-server.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }, 3000);
  t.unref();
}

async function finish(code, reason) {
  if (finishing) return;
  finishing = true;
  if (reason) note(reason);
  writeFileSync(serverLog, Buffer.concat(serverOut));
  if (code !== 0) {
    const artifacts = resolve(ROOT, process.env.EAD_TEST_ARTIFACTS ?? "test-results/vscode");
    try {
      mkdirSync(artifacts, { recursive: true });
      if (page) await page.screenshot({ path: join(artifacts, "failure.png"), timeout: 5000 }).catch(() => {});
      cpSync(serverLog, join(artifacts, "code-server.log"));
      note(`failure screenshot and code-server log in ${artifacts}`);
    } catch {
      // best effort
    }
  }
  try {
    await browser?.close();
  } catch {
    // best effort
  }
  stopServer();
  // Wait (briefly) for the server's process group to go before removing its directories.
  for (let i = 0; i < 30 && server.exitCode === null && server.signalCode === null; i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
  if (process.env.EAD_TEST_KEEP_RUN_DIR === "1") note(`run directory kept: ${runDir}`);
  else rmSync(runDir, { recursive: true, force: true, maxRetries: 3 });
  note(`exit ${code}`);
  process.exit(code);
}

for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => void finish(130, `received ${sig}`));
server.on("exit", (code, signal) => {
  if (!finishing) {
    process.stderr.write(Buffer.concat(serverOut).toString().slice(-4000));
    void finish(1, `code-server exited unexpectedly (${code ?? signal})`);
  }
});
const timeoutMs = Number(process.env.EAD_TEST_TIMEOUT_MS ?? 600000);
setTimeout(() => void finish(1, `timed out after ${timeoutMs} ms without codeAutomationExit`), timeoutMs).unref();

try {
  await waitForHealth(`http://${authority}/healthz`, server, 60000);
  const version = (() => {
    try {
      return JSON.parse(readFileSync(join(dirname(entry), "../../package.json"), "utf8")).version;
    } catch {
      return "?";
    }
  })();
  note(`code-server ${version} on http://${authority} (run dir ${runDir})`);

  const { chromium } = await import("playwright-core");
  browser = await chromium.launch({
    executablePath: findChromium(),
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();

  const levels = { trace: "debug", debug: "debug", info: "log", log: "log", warn: "warn", warning: "warn", error: "error" };
  // The workbench's own start-up chatter; EAD_TEST_VERBOSE=1 shows it.
  const chatter =
    /^(Resolving connection token|Resolved connection token|Creating a socket|Ignoring fetching additional builtin|\[Service Worker\]|ChatSessionStore|Updating additional builtin)/;
  const verbose = process.env.EAD_TEST_VERBOSE === "1";
  await page.exposeFunction("codeAutomationLog", (type, args) => {
    const list = Array.isArray(args) ? args : [args];
    if (!verbose && typeof list[0] === "string" && chatter.test(list[0])) return;
    const fn = console[levels[type] ?? "log"] ?? console.log;
    fn(...list);
  });
  await page.exposeFunction("codeAutomationExit", (code) => {
    void finish(typeof code === "number" ? code : 1);
  });
  page.on("pageerror", (err) => note(`page error: ${err.message}`));
  page.on("crash", () => void finish(1, "browser page crashed"));

  const remote = (p) => `vscode-remote://${authority}${resolve(p)}`;
  const payload = [
    ...opts.devPaths.map((p) => ["extensionDevelopmentPath", remote(p)]),
    ["extensionTestsPath", remote(opts.testsPath)],
  ];
  const params = new URLSearchParams();
  if (folder) params.set("folder", folder);
  else params.set("ew", "true");
  params.set("payload", JSON.stringify(payload));
  await page.goto(`http://${authority}/?${params}`, { waitUntil: "domcontentloaded", timeout: 60000 });
  note("workbench opened; running the extension tests");
} catch (err) {
  await finish(1, `set-up failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
}
