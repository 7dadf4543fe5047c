// Context from other files in the real VS Code (code-server) with the fixture pair: a sample project
// where b.js completes `utils.` with a name only a.js defines. With context on, the engine request
// carries a.js's chunk (gathered when a.js was shown and left); with it off, no context at all; files
// that .gitignore or files.exclude leave out never reach a request.
import * as assert from "node:assert/strict";
import { cpSync, rmSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import type { CompletionRecord } from "../../src/completion/events";
import type { CompletionRequest } from "../../src/engine/types";
import type { CompletionTestingApi } from "../../src/wiring/wireExtension";
import { closeAllEditorsWithoutSaving, describeTabs, typeAsTyped } from "../helpers/editors";
import { until } from "../helpers/until";

const EXTENSION_ID = "ead-complete.ead-complete";
const SYMBOL = "computeTotal";
/** Where b.js asks for a completion: after the module's name and its dot. */
const MEMBER_OF = "utils.";
/** Where the sample project is copied, inside the workspace folder (a fresh copy each run). */
const SAMPLE = "context-sample";
/** The training context of a pair trained on repository-level prompts (the 512-token pair was not). */
const REPO_LEVEL_TRAIN_CONTEXT = 2048;

interface Api {
  events: { onDidComplete(l: (r: CompletionRecord) => void): vscode.Disposable };
  completions: CompletionTestingApi;
}

describe("Context from other files in VS Code", function () {
  this.timeout(180_000);
  let api: Api;
  let folder: vscode.WorkspaceFolder;
  const records: CompletionRecord[] = [];
  const global = vscode.ConfigurationTarget.Global;
  const ead = () => vscode.workspace.getConfiguration("ead");
  const uri = (name: string) => vscode.Uri.joinPath(folder.uri, SAMPLE, name);
  /** The engine request and completion for b.js with context on and off. */
  const seen: { on?: { request: CompletionRequest; record: CompletionRecord }; off?: { request: CompletionRequest; record: CompletionRecord } } = {};

  /** Shows b.js with the cursor after `utils.` and asks for a completion explicitly. */
  async function completeInB(): Promise<{ request: CompletionRequest; record: CompletionRecord }> {
    const doc = await vscode.workspace.openTextDocument(uri("b.js"));
    const editor = await vscode.window.showTextDocument(doc);
    const offset = doc.getText().indexOf(MEMBER_OF) + MEMBER_OF.length;
    editor.selection = new vscode.Selection(doc.positionAt(offset), doc.positionAt(offset));
    // A suggestion still on screen for this place would be shown again without asking the provider.
    await vscode.commands.executeCommand("editor.action.inlineSuggest.hide");
    await api.completions.resetCache();
    const before = records.length;
    const explicit = api.completions.providerCounters().explicit;
    await vscode.commands.executeCommand("editor.action.inlineSuggest.trigger");
    await until("the explicit trigger to reach the provider", () => api.completions.providerCounters().explicit > explicit, 10_000);
    const record = await until(`a completion for b.js after \`${MEMBER_OF}\``, () => records.slice(before).find((r) => r.uri === doc.uri.toString() && r.offset === offset), 60_000).catch(
      (e: Error) => {
        throw new Error(`${e.message}: provider ${JSON.stringify(api.completions.providerCounters())}; service ${JSON.stringify(api.completions.counters())}; tabs ${describeTabs()}`);
      },
    );
    const request = api.completions.lastEngineRequest();
    assert.ok(request, "the service sent a request to the engine");
    await vscode.commands.executeCommand("editor.action.inlineSuggest.hide");
    return { request, record };
  }

  before(async function () {
    const ext = vscode.extensions.getExtension<Api>(EXTENSION_ID)!;
    api = await ext.activate();
    api.events.onDidComplete((r) => records.push(r));
    await typeAsTyped();
    folder = vscode.workspace.workspaceFolders![0];
    cpSync(join(ext.extensionPath, "test/fixtures/context-project"), join(folder.uri.fsPath, SAMPLE), { recursive: true });
    await vscode.workspace.getConfiguration("files", folder.uri).update("exclude", { "**/hidden.js": true }, vscode.ConfigurationTarget.Workspace);
    await ead().update("context.enabled", true, global);
    // Large-only: the fixture small model does not copy names from the context (tools/fixture-models/
    // MODELS.md), so under EAD the name is the large model's only where it takes the first tokens.
    await ead().update("mode", "large", global);
    assert.equal(await api.completions.whenLoaded(), true, `the fixture pair should load: ${api.completions.problem()}`);
    await closeAllEditorsWithoutSaving();
  });

  after(async function () {
    await ead().update("context.enabled", undefined, global);
    await ead().update("mode", undefined, global);
    await vscode.workspace.getConfiguration("files", folder.uri).update("exclude", undefined, vscode.ConfigurationTarget.Workspace);
    await closeAllEditorsWithoutSaving();
    rmSync(join(folder.uri.fsPath, SAMPLE), { recursive: true, force: true });
  });

  it("with context on, the request for b.js carries a.js's chunk (shown, then left), and never an ignored or excluded file", async function () {
    const refused = api.completions.contextCounters().refused;
    const ignoredBefore = refused.ignored;
    const excludedBefore = refused.excluded;
    for (const name of ["secret.js", "hidden.js", "a.js"]) await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri(name)), { preview: false });
    await until("a.js's chunk in the ring", () => api.completions.contextChunks().some((c) => c.path === `${SAMPLE}/a.js`), 10_000);
    const counters = api.completions.contextCounters();
    assert.ok(counters.refused.ignored > ignoredBefore, `secret.js refused as ignored: ${JSON.stringify(counters)}`);
    assert.ok(counters.refused.excluded > excludedBefore, `hidden.js refused as excluded: ${JSON.stringify(counters)}`);

    // Shown and left idle, b.js's block (with a.js's chunk) is evaluated before any keystroke asks.
    const warmed = api.completions.contextCounters().warmed;
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri("b.js")));
    await until("the engine to evaluate b.js's context while the editor is idle", () => api.completions.contextCounters().warmed > warmed, 15_000);
    seen.on = await completeInB();
    const context = seen.on.request.context;
    assert.ok(context, "the request carries context");
    assert.equal(context.repo, folder.name, "the repository is the workspace folder's name");
    assert.equal(context.path, `${SAMPLE}/b.js`, "the current file's path is relative to the folder");
    const a = context.chunks.find((c) => c.path === `${SAMPLE}/a.js`);
    assert.ok(a, `a.js's chunk is in the request: ${JSON.stringify(context.chunks.map((c) => c.path))}`);
    assert.match(a.text, new RegExp(`exports\\.${SYMBOL} = function`));
    const all = context.chunks.map((c) => c.text).join("\n");
    assert.doesNotMatch(all, /ignored-file-marker/, ".gitignore'd secret.js is not sent");
    assert.doesNotMatch(all, /excluded-file-marker/, "files.exclude'd hidden.js is not sent");
    assert.ok(!context.chunks.some((c) => c.path === `${SAMPLE}/b.js`), "b.js's own (possibly stale) chunks are not sent: its text is the prompt");
    assert.ok(!context.chunks.some((c) => c.path.endsWith("settings.json")), "settings files the test wrote (saved by VS Code, shown nowhere) are not sent");
    console.log(`context on: chunks ${JSON.stringify(context.chunks.map((c) => c.path))}; completion ${JSON.stringify(seen.on.record.text)} (${Math.round(seen.on.record.latencyMs)} ms)`);
  });

  it("text copied in one file and pasted into another adds the chunk around the copied lines", async function () {
    const c = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri("c.js")), { preview: false });
    const line = c.document.getText().split("\n").findIndex((l) => l.includes("copiedRuleMarker"));
    // The chunk shown at the top of c.js does not reach that far.
    await until("c.js's first chunk in the ring", () => api.completions.contextChunks().some((ch) => ch.path === `${SAMPLE}/c.js`), 10_000);
    assert.ok(!api.completions.contextChunks().some((ch) => ch.text.includes("copiedRuleMarker")));
    const copied = api.completions.contextCounters().gathered.copied;
    c.selection = new vscode.Selection(line, 0, line + 1, 0);
    const text = c.document.getText(c.selection);
    // The selection event reaches the extension host after the call returns.
    await new Promise((r) => setTimeout(r, 300));
    // The paste, into b.js (open, not active, so c.js is not left on the way).
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri("b.js"), new vscode.Position(0, 0), text);
    assert.ok(await vscode.workspace.applyEdit(edit));
    await until("the copied chunk in the ring", () => api.completions.contextCounters().gathered.copied > copied, 10_000);
    const chunk = api.completions.contextChunks().find((ch) => ch.text.includes("copiedRuleMarker"));
    assert.ok(chunk && chunk.path === `${SAMPLE}/c.js`, "the chunk around the copied line");
    const b = await vscode.workspace.openTextDocument(uri("b.js"));
    const undo = new vscode.WorkspaceEdit();
    undo.delete(b.uri, new vscode.Range(new vscode.Position(0, 0), b.positionAt(text.length)));
    assert.ok(await vscode.workspace.applyEdit(undo));
  });

  it("the definitions of the names a file imports are gathered from files no editor shows", async function () {
    // VS Code's JavaScript definitions come from its built-in TypeScript extension.
    if (!vscode.extensions.getExtension("vscode.typescript-language-features")) {
      console.log("skipped: no TypeScript language features in this VS Code");
      this.skip();
    }
    // The language server must answer at all: after the reliability suite's 5 MB documents it can be busy
    // for minutes. Asked here without an editor, which gathers nothing.
    const e = await vscode.workspace.openTextDocument(uri("e.js"));
    const started = Date.now();
    // A server still starting answers nothing: asked again until it answers.
    const ask = async () => {
      const lookup = vscode.commands.executeCommand<unknown[]>("vscode.executeDefinitionProvider", e.uri, e.positionAt(e.getText().indexOf("formatCents")));
      const found = await Promise.race([Promise.resolve(lookup), new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 90_000))]);
      return (found ?? []).length > 0;
    };
    let answered = false;
    while (!answered && Date.now() - started < 90_000) {
      answered = await ask();
      if (!answered) await new Promise((r) => setTimeout(r, 500));
    }
    if (!answered) {
      console.log(`skipped: the JavaScript definition provider gave nothing in ${Date.now() - started} ms`);
      this.skip();
    }
    console.log(`definition provider ready in ${Date.now() - started} ms`);
    const before = api.completions.contextCounters().gathered.definition;
    await vscode.window.showTextDocument(e, { preview: false });
    // Looked up once the editor is idle; a language server still starting is asked again.
    const defines = (c: { path: string; text: string }) => c.path === `${SAMPLE}/lib/money.js` && /function formatCents\(/.test(c.text);
    await until("lib/money.js's chunk with formatCents from the definition provider", () => api.completions.contextChunks().some(defines), 60_000).catch((e: Error) => {
      throw new Error(`${e.message}: ${JSON.stringify(api.completions.contextCounters())}`);
    });
    assert.ok(api.completions.contextCounters().gathered.definition > before);
    assert.ok(!vscode.window.visibleTextEditors.some((e) => e.document.uri.path.endsWith("/lib/money.js")), "no editor shows lib/money.js");
    const context = api.completions.contextFor((await vscode.workspace.openTextDocument(uri("e.js"))), 0);
    assert.ok(context?.chunks.some(defines), "a request in e.js carries it");
  });

  it("with context off (ead.context.enabled false), the request carries no context", async function () {
    await ead().update("context.enabled", false, global);
    try {
      await until("the setting to apply", () => ead().get("context.enabled") === false, 5000);
      seen.off = await completeInB();
      assert.equal(seen.off.request.context, undefined);
      assert.deepEqual(api.completions.contextChunks(), [], "turning context off forgets what was gathered");
      console.log(`context off: completion ${JSON.stringify(seen.off.record.text)} (${Math.round(seen.off.record.latencyMs)} ms)`);
    } finally {
      await ead().update("context.enabled", true, global);
    }
  });

  // Whether the model writes the name depends on a pair trained on repository-level prompts, whose
  // training context is at least 2,048 tokens; the 512-token pair never saw one (it writes other names).
  it(`the completion after \`${MEMBER_OF}\` writes ${SYMBOL} with context on, and not with it off`, function () {
    assert.ok(seen.on && seen.off, "needs both completions from the tests above");
    const trained = api.completions.engineInfo()?.trainContextSize ?? 0;
    if (trained < REPO_LEVEL_TRAIN_CONTEXT) {
      console.log(`skipped: the loaded pair's training context is ${trained} tokens (a pair trained on repository-level prompts has ${REPO_LEVEL_TRAIN_CONTEXT} or more)`);
      this.skip();
    }
    assert.ok(seen.on.record.text.startsWith(SYMBOL), `with context: ${JSON.stringify(seen.on.record.text)}`);
    assert.ok(!seen.off.record.text.startsWith(SYMBOL), `without context: ${JSON.stringify(seen.off.record.text)}`);
  });

  // The small model does not copy names; with ead.firstPosition at its default (largeWord) the large model
  // writes the completion's first word, so EAD names the symbol as large-only does.
  it(`under EAD at its defaults the large model writes ${SYMBOL} as the first word, and the small model goes on`, async function () {
    const trained = api.completions.engineInfo()?.trainContextSize ?? 0;
    if (trained < REPO_LEVEL_TRAIN_CONTEXT) {
      console.log(`skipped: the loaded pair's training context is ${trained} tokens`);
      this.skip();
    }
    await ead().update("mode", undefined, global);
    try {
      await until("the default mode to apply", () => ead().get("mode") === "ead", 5000);
      // Turning context off above forgot what was gathered: a.js is shown and left again to gather its chunk.
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri("a.js")), { preview: false });
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri("b.js")), { preview: false });
      await until("a.js's chunk in the ring", () => api.completions.contextChunks().some((c) => c.path === `${SAMPLE}/a.js`), 10_000);
      const { request, record } = await completeInB();
      assert.ok(request.context?.chunks.length, "the request carries context");
      assert.equal(record.settings.mode, "ead");
      assert.equal(record.settings.firstPosition, "largeWord");
      assert.ok(record.text.startsWith(SYMBOL), `under EAD: ${JSON.stringify(record.text)}`);
      // The tokens that spell the name are the large model's, by the rule, not by the threshold.
      let spelled = "";
      let n = 0;
      while (n < record.tokens.length && spelled.length < SYMBOL.length) spelled += record.tokens[n++].text;
      assert.ok(record.tokens.slice(0, n).every((t) => t.model === "large" && t.heldBy === "firstPosition"), JSON.stringify(record.tokens.slice(0, n)));
      console.log(`EAD with context: ${JSON.stringify(record.text)}, writers ${record.tokens.map((t) => t.model[0]).join("")}`);
    } finally {
      await ead().update("mode", "large", global);
    }
  });
});
