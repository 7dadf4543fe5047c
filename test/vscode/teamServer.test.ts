// The large model on a team server, in the real VS Code (code-server): a real llama-server with the
// fixture large model and an API key; ead.largeServer pointed at it; completions come from it (equal to
// the local large model's); the key is in no log line, notification, status text or stats message; the
// server stopped, completions still come (small model), told by exactly one notification; the server
// back, the next completion uses it again and the status bar says so without a second notification.
import * as assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import * as vscode from "vscode";
import { freePort, launchLlamaServer, type LlamaServerProcess } from "../../src/bench/llamaServer/launch";
import { buildDocumentContext } from "../../src/completion/documentContext";
import type { CompletionRecord } from "../../src/completion/events";
import type { CompletionTestingApi } from "../../src/wiring/wireExtension";
import { decideMultiline, postProcess } from "../../src/completion/postprocess";
import { fixturePair } from "../../src/engine/modelfiles/fixturePair";
import type { Ui } from "../../src/ui";
import { closeAllEditorsWithoutSaving, contextOffForSuite, typeAsTyped } from "../helpers/editors";
import { llamaServerBinary } from "../helpers/llamaServer";
import { until } from "../helpers/until";

const EXTENSION_ID = "ead-complete.ead-complete";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Api {
  events: { onDidComplete(l: (r: CompletionRecord) => void): vscode.Disposable };
  completions: CompletionTestingApi;
  ui: Ui;
}

/** Every file under `dir` (the extension host's log folder holds the output channels' files). */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push(path);
  }
  return out;
}

describe("Team server (ead.largeServer) in VS Code", function () {
  this.timeout(300_000);
  let api: Api;
  let root: string;
  let tmp: string;
  let server: LlamaServerProcess | undefined;
  let binary: string;
  let port: number;
  /** The server's API key: the test checks it shows up nowhere. */
  const KEY = `ead-test-key-${randomUUID()}`;
  const records: CompletionRecord[] = [];
  const global = vscode.ConfigurationTarget.Global;
  const ead = () => vscode.workspace.getConfiguration("ead");
  const url = () => `http://127.0.0.1:${port}`;
  const outageNotices = () => api.completions.notices().filter((n) => n.level === "warning" && n.message.includes(`team server ${url()}`));

  const startServer = async () => {
    server = await launchLlamaServer({
      binary,
      model: fixturePair(root).large,
      threads: 1,
      slots: 1,
      // One slot of the fixture model's training context.
      contextSize: 1024,
      port,
      args: ["--api-key", KEY],
    });
  };

  let restoreContext: (() => Promise<unknown>) | undefined;
  before(async function () {
    // Built once per machine by scripts/build-llama-server.sh (about 9 minutes the first time).
    this.timeout(30 * 60_000);
    const ext = vscode.extensions.getExtension<Api>(EXTENSION_ID)!;
    api = await ext.activate();
    root = ext.extensionPath;
    tmp = mkdtempSync(join(tmpdir(), "ead-team-server-"));
    api.events.onDidComplete((r) => records.push(r));
    await typeAsTyped();
    // These tests compare the editor with the CLI on the file alone.
    restoreContext = await contextOffForSuite();
    binary = await llamaServerBinary(root);
    port = await freePort();
    await startServer();
    // A key belongs to one server: stored for this one.
    assert.equal(await vscode.commands.executeCommand("ead.setServerKey", KEY, url()), true);
    // The server shares 2 busy cores with the editor's own small model: give it more than the default 5 s.
    await ead().update("largeServerTimeoutMs", 20_000, global);
    // Large mode: every token is the server's (or, with the server gone, the small model's).
    await ead().update("mode", "large", global);
    await ead().update("largeServer", url(), global);
    await sleep(50);
    await api.completions.whenLoaded();
    // Whether or not a pair was in memory before, load the one the settings now name.
    assert.equal(await api.completions.reload(), true, `the small model with the team server should load: ${api.completions.problem()}`);
  });

  after(async function () {
    await restoreContext?.();
    await server?.stop();
    await closeAllEditorsWithoutSaving();
    await vscode.commands.executeCommand("ead.clearServerKey", url());
    for (const key of ["largeServer", "largeServerTimeoutMs", "mode"]) await ead().update(key, undefined, global);
    await sleep(50);
    await api.completions.whenLoaded();
    rmSync(tmp, { recursive: true, force: true });
  });

  /** Opens a document, puts the cursor at the end and asks for a completion explicitly. */
  async function completeIn(content: string, timeoutMs = 120_000): Promise<CompletionRecord> {
    await closeAllEditorsWithoutSaving();
    const doc = await vscode.workspace.openTextDocument({ language: "javascript", content });
    const editor = await vscode.window.showTextDocument(doc);
    const pos = doc.positionAt(content.length);
    editor.selection = new vscode.Selection(pos, pos);
    const before = records.length;
    await api.completions.resetCache();
    await vscode.commands.executeCommand("ead.triggerCompletion");
    return until("a completion record", () => records.slice(before).find((r) => r.uri === doc.uri.toString()), timeoutMs);
  }

  /** What the CLI gives for `content` with the local fixture pair (the large model on this machine). */
  async function localExpectation(content: string, settings: CompletionRecord["settings"]): Promise<string> {
    const ctx = buildDocumentContext(content, content.length);
    writeFileSync(join(tmp, "prefix.txt"), ctx.prefix);
    writeFileSync(join(tmp, "suffix.txt"), ctx.suffix);
    const { stdout } = await promisify(execFile)(process.execPath, [
      join(root, "dist", "cli.js"), "complete", "--prefix-file", join(tmp, "prefix.txt"), "--suffix-file", join(tmp, "suffix.txt"),
      "--mode", settings.mode, "--max-tokens", String(settings.maxTokens), "--top-k", String(settings.topK), "--threads", "1", "--json",
    ]);
    const raw = (JSON.parse(stdout) as { text: string }).text;
    return postProcess(raw, { ...ctx, multiline: decideMultiline(ead().get("multiline") ?? "auto", ctx.linePrefix, ctx.lineSuffix) });
  }

  it("loads the small model here and the large one on the server: the engine info, status bar and stats view say so", function () {
    const info = api.completions.engineInfo();
    assert.ok(info, "a pair is loaded");
    assert.equal(info.placement.large, "remote");
    assert.equal(info.remote?.url, url());
    assert.equal(info.remote?.up, true, `the server is up: ${info.remote?.reason}`);
    assert.equal(info.remote?.model?.name, "large.gguf");
    const { tooltip, text } = api.completions.status();
    assert.match(tooltip, /large model on the team server/);
    assert.ok(tooltip.includes(`Large model on the team server ${url()} (large.gguf, 1 slot of 1,024 tokens): up, round trip `), tooltip);
    assert.doesNotMatch(text, /server down/);
    const stats = api.ui.statsView.state().models ?? "";
    assert.ok(stats.includes(`Large model on the team server ${url()}`), stats);
  });

  it("a completion comes from the server and equals the local large model's", async function () {
    const content = "// Sum the values.\nfunction sum(values) {\n  let total = 0;\n  for (const v of values) {\n    total";
    const record = await completeIn(content);
    assert.equal(record.stats.fallback, undefined, `the server was used: ${record.stats.fallback}`);
    assert.equal(record.settings.mode, "large");
    assert.ok(record.stats.largeTokens > 0 && record.stats.smallTokens === 0, `tokens by the server: ${JSON.stringify(record.stats)}`);
    assert.equal(record.text, await localExpectation(content, record.settings), "the server's large model writes what the local one does");
  });

  /** What the extension's log files hold now (the output channel's file is written a little later than the line). */
  const logText = () =>
    filesUnder(dirname(api.completions.logFolder()))
      .map((f) => readFileSync(f, "utf8"))
      .filter((t) => t.includes("EAD Complete") || t.includes("team server:"))
      .join("\n");

  it("the API key is in no log line, notification, status text or stats view message", async function () {
    const folder = dirname(api.completions.logFolder());
    await until("the log file with the team server's line", () => logText().includes("team server: url="), 20_000, 200);
    const text = logText();
    assert.ok(text.includes(`team server: url=${url()} state=up model=large.gguf`), "the log names the server, its state and model");
    assert.ok(text.includes("API key from secret storage"), "the log says a key is used");
    assert.ok(!text.includes(KEY), "the log holds no key");
    for (const f of filesUnder(folder)) assert.ok(!readFileSync(f, "utf8").includes(KEY), `no log file holds the key: ${f}`);
    for (const n of api.completions.notices()) assert.ok(!n.message.includes(KEY), n.message);
    assert.ok(!JSON.stringify(api.completions.status()).includes(KEY));
    assert.ok(!JSON.stringify(api.ui.statsView.state()).includes(KEY));
    assert.ok(!JSON.stringify(api.completions.engineInfo()).includes(KEY), "the engine's info, which the editor shows, holds no key");
  });

  it("without the key the server answers 401: told once with a Set API key button; setting the key reloads and uses it", async function () {
    assert.equal(outageNotices().length, 0, "no outage yet");
    // Removing the key reloads the pair (the key is part of the load options).
    await vscode.commands.executeCommand("ead.clearServerKey");
    await until("the reload without the key", () => api.completions.engineInfo()?.remote?.up === false, 60_000);
    assert.match(api.completions.engineInfo()!.remote!.reason!, /HTTP 401/);
    const told = await until("the 401 notification", () => outageNotices().length > 0 && outageNotices());
    assert.equal(told.length, 1);
    assert.ok(told[0].buttons.includes("Set API key"), JSON.stringify(told[0]));
    const record = await completeIn("function add(a, b) {\n  return ");
    assert.ok(record.tokens.length > 0 && record.tokens.every((t) => t.model === "small"), "the small model writes meanwhile");
    // A key that cannot go into an HTTP header is refused, and nothing changes.
    assert.equal(await vscode.commands.executeCommand("ead.setServerKey", "two\nlines"), false);
    assert.ok(api.completions.notices().some((n) => /API key was not saved.*line breaks/.test(n.message)));
    assert.equal(api.completions.engineInfo()?.remote?.up, false);
    // The right key: stored, the pair reloads with it, the server is up again.
    assert.equal(await vscode.commands.executeCommand("ead.setServerKey", KEY), true);
    await until("the reload with the key", () => api.completions.engineInfo()?.remote?.up === true, 60_000);
    assert.equal(await api.completions.whenLoaded(), true);
    // This server's outages only: other suites in this window point ead.largeServer at servers of their own.
    assert.deepEqual(api.completions.teamServerTold().filter((t) => t.url === url()).map((t) => t.event), ["down", "up"]);
    for (const n of api.completions.notices()) assert.ok(!n.message.includes(KEY), n.message);
  });

  it("server stopped: completions still come, from the small model, and one notification tells the outage", async function () {
    const toldBefore = api.completions.teamServerTold().length;
    const noticesBefore = outageNotices().length;
    await server!.stop();
    const first = await completeIn("export class Queue {\n  constructor() {\n    this.items = [];\n  }\n\n  push(item) {\n    this.");
    assert.ok(first.stats.fallback, "the record says the small model stood in");
    assert.ok(first.tokens.length > 0 && first.tokens.every((t) => t.model === "small"), "the small model wrote it");
    await until("the outage notification", () => outageNotices().length > noticesBefore);
    const second = await completeIn("const numbers = [1, 2, 3];\nconst doubled = numbers.map(");
    assert.ok(second.tokens.length > 0 && second.tokens.every((t) => t.model === "small"));
    // A reload while the server is still down (a setting changed) is the same outage: loaded, not told again.
    await ead().update("largeServerTimeoutMs", 19_000, global);
    await sleep(50);
    assert.equal(await api.completions.whenLoaded(), true, `the small model loads with the server down: ${api.completions.problem()}`);
    assert.equal(api.completions.engineInfo()?.remote?.up, false, "the load found the server down");
    const third = await completeIn("import fs from 'fs';\n\nconst text = fs.readFileSync(");
    assert.ok(third.tokens.length > 0 && third.tokens.every((t) => t.model === "small"));
    await sleep(500);
    const told = outageNotices().slice(noticesBefore);
    assert.equal(told.length, 1, `one notification per outage: ${JSON.stringify(told)}`);
    assert.match(told[0].message, /ECONNREFUSED|cannot reach/);
    assert.match(told[0].message, /the small model writes meanwhile/i);
    assert.ok(told[0].buttons.includes("Open Settings"));
    const { text, tooltip } = api.completions.status();
    assert.match(text, /server down/);
    // (Loaded while the server was down, the engine has not seen the served model: the URL names it.)
    assert.ok(tooltip.includes(`Large model on the team server ${url()}: down, `), tooltip);
    assert.deepEqual(api.completions.teamServerTold().slice(toldBefore).map((t) => t.event), ["down"]);
    // The log's completion lines say the small model stood in, and why.
    await until("a completion log line with the fallback", () => logText().includes(`fallback="The team server could not be used; the small model wrote the rest: cannot reach ${url()}`), 20_000, 200);
  });

  it("the server back: a later completion uses it again, the status bar says so, and nothing pops up", async function () {
    const told = api.completions.teamServerTold().length;
    const notices = outageNotices().length;
    await startServer();
    // The lane tries the server again once its back-off (2 s, then doubling) has passed.
    let record: CompletionRecord | undefined;
    for (let i = 0; i < 20 && !(record && !record.stats.fallback); i++) {
      await sleep(1000);
      record = await completeIn(`function add${i}(a, b) {\n  return `);
    }
    assert.ok(record && !record.stats.fallback, `the server is used again: ${record?.stats.fallback}`);
    assert.ok(record.stats.largeTokens > 0);
    await until("the status bar to say the server is up", () => !/server down/.test(api.completions.status().text) || undefined);
    assert.match(api.completions.status().tooltip, /: up/);
    assert.deepEqual(api.completions.teamServerTold().slice(told).map((t) => t.event), ["up"]);
    assert.equal(outageNotices().length, notices, "no second notification");
  });

  it("a URL the extension cannot use is refused with a message that says how to write it, and never repeats a password", async function () {
    const cases: [string, RegExp][] = [
      [`127.0.0.1:${port}`, /is not a URL: write it as http:\/\/host:port/],
      [`http://team:pa55word-in-url@127.0.0.1:${port}`, /holds a user name or password: remove it from the URL and store the key with “EAD: Set team server API key”/],
    ];
    for (const [value, problem] of cases) {
      await ead().update("largeServer", value, global);
      await sleep(50);
      assert.equal(await api.completions.whenLoaded(), false, value);
      assert.match(api.completions.problem() ?? "", problem);
      const notice = await until("the error notification", () => api.completions.notices().find((n) => n.level === "error" && problem.test(n.message)));
      assert.deepEqual(notice.buttons, ["Open Settings"]);
      assert.equal(api.completions.status().state, "error");
    }
    assert.ok(!JSON.stringify(api.completions.notices()).includes("pa55word"), "the password is in no notification");
    assert.ok(!api.completions.status().tooltip.includes("pa55word"));
    // Fixed: the pair loads with the server again.
    await ead().update("largeServer", url(), global);
    await sleep(50);
    assert.equal(await api.completions.whenLoaded(), true, `${api.completions.problem()}`);
  });
});
