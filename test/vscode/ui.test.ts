// Provenance colours, the stats view and the settings panel inside the real VS Code (code-server).
// Accepted suggestions are reported to the UI directly with synthetic tokens, so these tests do not
// depend on the models.
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { closeAllEditorsWithoutSaving } from "../helpers/editors";
import { until } from "../helpers/until";
import { CompletionEventHub } from "../../src/completion/eventHub";
import type { AcceptedCompletion, CompletionRecord } from "../../src/completion/events";
import { ProvenanceDecorations } from "../../src/ui/provenance/provenance";
import type { TokenEvent } from "../../src/engine/types";
import type { Ui } from "../../src/ui";

const EXTENSION_ID = "ead-complete.ead-complete";

interface Api {
  ui: Ui;
  events: { fireComplete(record: CompletionRecord): void; fireAccept(accepted: AcceptedCompletion): void };
  completions: {
    whenLoaded(): Promise<boolean>;
    status(): { state: string; text: string; tooltip: string };
    lastEngineRequest(): { context?: { chunks: readonly { path: string }[]; maxTokens?: number } } | undefined;
    contextChunks(): { path: string }[];
    resetCache(): Promise<void>;
  };
}

function tok(text: string, model: "small" | "large", entropy: number): TokenEvent {
  return { id: 0, text, model, entropy, rolling: entropy };
}

/** "const total = add(a, b);" written as small "const total", large " = add", small "(a, b);". */
const TOKENS = [tok("const", "small", 0.4), tok(" total", "small", 0.9), tok(" = add", "large", 3.1), tok("(a, b);", "small", 0.6)];
const TEXT = TOKENS.map((t) => t.text).join("");

async function settle(): Promise<void> {
  await new Promise((r) => setTimeout(r, 50));
}

describe("EAD UI in VS Code", function () {
  this.timeout(60_000);
  let api: Api;
  let editor: vscode.TextEditor;
  let doc: vscode.TextDocument;

  const spans = () => api.ui.provenance.rangesOf(doc).map((r) => `${r.model[0]}:${r.text}`);

  before(async function () {
    const ext = vscode.extensions.getExtension<Api>(EXTENSION_ID)!;
    api = await ext.activate();
    assert.ok(api?.ui?.provenance, "the extension exports its UI for tests");
    await vscode.workspace.getConfiguration("ead.provenance").update("enabled", true, vscode.ConfigurationTarget.Global);
  });

  after(async function () {
    await vscode.workspace.getConfiguration("ead.provenance").update("enabled", undefined, vscode.ConfigurationTarget.Global);
    await closeAllEditorsWithoutSaving();
  });

  /** A fresh document "// start\n" + TEXT + "\n// end\n" whose TEXT was just accepted. */
  async function acceptedDocument(): Promise<number> {
    doc = await vscode.workspace.openTextDocument({ language: "javascript", content: "// start\n\n// end\n" });
    editor = await vscode.window.showTextDocument(doc);
    const offset = "// start\n".length;
    await editor.edit((b) => b.insert(doc.positionAt(offset), TEXT));
    assert.equal(api.ui.provenance.accept({ uri: doc.uri.toString(), offset, text: TEXT, tokens: TOKENS, threshold: 2 }), true);
    return offset;
  }

  it("decorates an accepted suggestion token by token", async function () {
    await acceptedDocument();
    assert.deepEqual(spans(), ["s:const", "s: total", "l: = add", "s:(a, b);"]);
  });

  it("keeps the ranges on their characters when text is inserted before them", async function () {
    await acceptedDocument();
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), "/* header */\n\n"));
    await settle();
    assert.deepEqual(spans(), ["s:const", "s: total", "l: = add", "s:(a, b);"]);
    // Same line, just before the suggestion.
    await editor.edit((b) => b.insert(doc.positionAt(doc.getText().indexOf("const")), "export "));
    await settle();
    assert.deepEqual(spans(), ["s:const", "s: total", "l: = add", "s:(a, b);"]);
  });

  it("splits a token when text is typed inside it, leaving the new text uncoloured", async function () {
    await acceptedDocument();
    await editor.edit((b) => b.insert(doc.positionAt(doc.getText().indexOf("add") + 1), "XYZ"));
    await settle();
    assert.deepEqual(spans(), ["s:const", "s: total", "l: = a", "l:dd", "s:(a, b);"]);
    assert.ok(doc.getText().includes("aXYZdd"));
  });

  it("trims the tokens a deletion runs across and drops the ones it covers", async function () {
    await acceptedDocument();
    const from = doc.getText().indexOf("tal");
    const to = doc.getText().indexOf("(a") + 2;
    await editor.edit((b) => b.delete(new vscode.Range(doc.positionAt(from), doc.positionAt(to))));
    await settle();
    assert.deepEqual(spans(), ["s:const", "s: to", "s:, b);"]);
  });

  it("vanishes where text is replaced, and entirely when the whole suggestion is", async function () {
    await acceptedDocument();
    const at = doc.getText().indexOf("total");
    await editor.edit((b) => b.replace(new vscode.Range(doc.positionAt(at), doc.positionAt(at + 5)), "sum"));
    await settle();
    assert.deepEqual(spans(), ["s:const", "s: ", "l: = add", "s:(a, b);"]);
    const start = doc.getText().indexOf("const");
    const end = doc.getText().indexOf(";") + 1;
    await editor.edit((b) => b.replace(new vscode.Range(doc.positionAt(start), doc.positionAt(end)), "let x = 1;"));
    await settle();
    assert.deepEqual(spans(), []);
  });

  it("undo takes the accepted text and its colours away; redo brings both back", async function () {
    await acceptedDocument();
    await vscode.commands.executeCommand("undo");
    await settle();
    assert.equal(doc.getText(), "// start\n\n// end\n");
    assert.deepEqual(spans(), []);
    await vscode.commands.executeCommand("redo");
    await settle();
    assert.ok(doc.getText().includes(TEXT));
    assert.deepEqual(spans(), ["s:const", "s: total", "l: = add", "s:(a, b);"]);
    // Undoing a deletion of coloured text brings its colour back too.
    const at = doc.getText().indexOf("add");
    await editor.edit((b) => b.delete(new vscode.Range(doc.positionAt(at), doc.positionAt(at + 3))));
    await settle();
    assert.deepEqual(spans(), ["s:const", "s: total", "l: = ", "s:(a, b);"]);
    await vscode.commands.executeCommand("undo");
    await settle();
    assert.deepEqual(spans(), ["s:const", "s: total", "l: = ", "l:add", "s:(a, b);"]);
  });

  it("deleting one token's characters removes only that colour", async function () {
    await acceptedDocument();
    const at = doc.getText().indexOf("add");
    await editor.edit((b) => b.delete(new vscode.Range(doc.positionAt(at), doc.positionAt(at + 3))));
    await settle();
    assert.deepEqual(spans(), ["s:const", "s: total", "l: = ", "s:(a, b);"]);
  });

  it("shows the model, entropy, rolling mean and threshold on hover", async function () {
    const offset = await acceptedDocument();
    const pos = doc.positionAt(offset + TEXT.indexOf("add") + 1);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", doc.uri, pos);
    const text = hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === "string" ? c : c.value))
      .join("\n");
    assert.match(text, /written by the \*\*large model\*\*/);
    assert.match(text, /token entropy 3\.10/);
    assert.match(text, /rolling mean 3\.10 above threshold 2\.00/);
    assert.ok(!text.includes("|"), "no table: a narrow hover breaks table cells mid-word");
    const smallHover = await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", doc.uri, doc.positionAt(offset + 1));
    assert.ok(smallHover.flatMap((h) => h.contents).some((c) => (typeof c === "string" ? c : c.value).includes("small model")));
  });

  it("places a suggestion reported before its text reaches the document", async function () {
    doc = await vscode.workspace.openTextDocument({ language: "javascript", content: "x\n" });
    editor = await vscode.window.showTextDocument(doc);
    assert.equal(api.ui.provenance.accept({ uri: doc.uri.toString(), offset: 2, text: TEXT, tokens: TOKENS, threshold: 2 }), false);
    await editor.edit((b) => b.insert(doc.positionAt(2), TEXT));
    await settle();
    assert.deepEqual(spans(), ["s:const", "s: total", "l: = add", "s:(a, b);"]);
  });

  it("places an accept reported during the change event that inserted it", async function () {
    await acceptedDocument();
    // Another listener reports the accept while the change event that inserted the text is dispatched.
    const sub = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === doc && e.contentChanges.some((c) => c.text === "let y = 2;")) {
        api.ui.provenance.accept({ uri: doc.uri.toString(), offset: 0, text: "let y = 2;", tokens: [tok("let y", "large", 5), tok(" = 2;", "small", 0.1)], threshold: 2 });
      }
    });
    try {
      await editor.edit((b) => b.insert(new vscode.Position(0, 0), "let y = 2;"));
      await settle();
    } finally {
      sub.dispose();
    }
    assert.deepEqual(spans(), ["l:let y", "s: = 2;", "s:const", "s: total", "l: = add", "s:(a, b);"]);
  });

  it("turning the toggle off hides the colours, turning it on shows them again, edits made meanwhile included", async function () {
    await acceptedDocument();
    const painted = () => api.ui.provenance.decoratedRanges(doc).map((r) => `${r.model[0]}:${r.text}`);
    assert.deepEqual(painted(), ["s:const", "s: total", "l: = add", "s:(a, b);"]);
    await vscode.workspace.getConfiguration("ead.provenance").update("enabled", false, vscode.ConfigurationTarget.Global);
    await settle();
    assert.deepEqual(painted(), []);
    // While hidden, an edit before the text still moves the ranges.
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), "/* moved */\n"));
    await settle();
    await vscode.workspace.getConfiguration("ead.provenance").update("enabled", true, vscode.ConfigurationTarget.Global);
    await settle();
    assert.deepEqual(painted(), ["s:const", "s: total", "l: = add", "s:(a, b);"]);
  });

  it("colours come back after a window reload when the document text is unchanged, and not when it changed", async function () {
    // A window reload starts a new extension host: a new ProvenanceDecorations reading the same workspace state.
    const stored = new Map<string, unknown>();
    const memento = { get: <T>(key: string) => stored.get(key) as T | undefined, update: async (key: string, value: unknown) => void stored.set(key, value) };
    const log = vscode.window.createOutputChannel("EAD provenance test", { log: true });
    const before = new ProvenanceDecorations(new CompletionEventHub(), log, memento);
    try {
      doc = await vscode.workspace.openTextDocument({ language: "javascript", content: "// start\n\n// end\n" });
      editor = await vscode.window.showTextDocument(doc);
      await editor.edit((b) => b.insert(doc.positionAt(9), TEXT));
      assert.equal(before.accept({ uri: doc.uri.toString(), offset: 9, text: TEXT, tokens: TOKENS, threshold: 2 }), true);
    } finally {
      before.dispose(); // keeps what is pending, as at a reload
    }
    const spansOf = (p: ProvenanceDecorations) => p.rangesOf(doc).map((r) => `${r.model[0]}:${r.text}`);
    const after = new ProvenanceDecorations(new CompletionEventHub(), log, memento);
    try {
      await settle();
      assert.deepEqual(spansOf(after), ["s:const", "s: total", "l: = add", "s:(a, b);"]);
    } finally {
      after.dispose();
    }
    // Changed text: what was kept does not apply and is dropped.
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), "x"));
    const changed = new ProvenanceDecorations(new CompletionEventHub(), log, memento);
    try {
      await settle();
      assert.deepEqual(spansOf(changed), []);
      assert.deepEqual(Object.keys((stored.get("ead.provenance.documents") as object) ?? {}), []);
    } finally {
      changed.dispose();
      log.dispose();
    }
  });

  it("EAD: Clear provenance colours removes them and says how many; EAD: Toggle provenance colours flips the setting", async function () {
    api.ui.provenance.clear();
    await acceptedDocument();
    assert.equal(spans().length, 4);
    const cleared = await vscode.commands.executeCommand("ead.clearProvenance");
    assert.deepEqual(cleared, { ranges: 4, documents: 1 });
    assert.deepEqual(spans(), []);
    await vscode.commands.executeCommand("ead.toggleProvenance");
    assert.equal(vscode.workspace.getConfiguration("ead.provenance").get("enabled"), false);
    await vscode.commands.executeCommand("ead.toggleProvenance");
    assert.equal(vscode.workspace.getConfiguration("ead.provenance").get("enabled"), true);
    await acceptedDocument();
    assert.equal(spans().length, 4);
  });

  it("counts completions for the stats view and opens both webviews", async function () {
    api.ui.stats.reset();
    const record: CompletionRecord = {
      uri: "untitled:x",
      text: TEXT,
      tokens: TOKENS,
      stats: {
        smallTokens: 3,
        largeTokens: 1,
        switches: 2,
        evaluated: { small: 20, large: 8 },
        reused: { small: 0, large: 0 },
        ms: { prefill: 5, decode: 10, catchUp: 2, verify: 0, total: 17 },
        paramCost: 0.4,
        drafted: 0,
        accepted: 0,
        stopReason: "eog",
      },
      settings: { mode: "ead", threshold: 2, window: 5, stability: "hysteresis", hysteresis: 0.5, minStay: 4, topK: 256, maxTokens: 64, draftTokens: 4 },
      latencyMs: 40,
      at: Date.now(),
    };
    api.events.fireComplete(record);
    api.events.fireComplete({ ...record, latencyMs: 80 });
    const s = api.ui.stats.summary();
    assert.equal(s.completions, 2);
    assert.equal(s.largeShare, 0.25);
    assert.equal(s.latency.p95, 78); // 40 + 0.95 * (80 - 40): the bench's percentile
    await vscode.commands.executeCommand("ead.showStats");
    assert.equal(api.ui.statsView.isOpen, true);
    await vscode.commands.executeCommand("ead.openSettings");
    assert.equal(api.ui.settingsPanel.isOpen, true);
    await closeAllEditorsWithoutSaving();
    await settle();
    assert.equal(api.ui.statsView.isOpen, false);
    assert.equal(api.ui.settingsPanel.isOpen, false);
  });

  it("the stats view says which pair is loaded and where each model runs", async function () {
    assert.equal(await api.completions.whenLoaded(), true, "the fixture pair loads");
    const models = api.ui.statsView.state().models ?? "";
    assert.match(models, /\(small\) \+ .*\(large\)/);
    // No GPU on the test machines: both models on the CPU, said in so many words.
    assert.match(models, /Small model on CPU, large model on CPU/);
  });

  it("the status bar menu's mode entry writes ead.mode where it is set", async function () {
    const config = () => vscode.workspace.getConfiguration("ead");
    try {
      await vscode.commands.executeCommand("ead.internal.setMode", "small");
      assert.equal(config().inspect("mode")?.globalValue, "small");
      await vscode.commands.executeCommand("ead.internal.setMode", "speculative");
      assert.equal(config().get("mode"), "speculative");
      // Choosing the default removes the key rather than writing the default into settings.json.
      await vscode.commands.executeCommand("ead.internal.setMode", "ead");
      assert.equal(config().get("mode"), "ead");
      assert.equal(config().inspect("mode")?.globalValue, undefined, "the default is not written explicitly");
      // The status bar shows the new mode at once, before any completion in it.
      await until("the status bar to show the mode", () => /EAD ead\b/.test(api.completions.status().text) || undefined, 5000);
      await vscode.commands.executeCommand("ead.internal.setMode", "small");
      await until("the status bar to follow the mode", () => /EAD small\b/.test(api.completions.status().text) || undefined, 5000);
    } finally {
      await config().update("mode", undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it("takes over the stats and settings panels VS Code restores after a window reload", async function () {
    for (const [view, type, script] of [
      [api.ui.statsView, "ead.stats", "stats.js"],
      [api.ui.settingsPanel, "ead.settings", "settings.js"],
    ] as const) {
      assert.equal(view.isOpen, false);
      // What VS Code hands the serializer: a bare panel of our view type.
      const panel = vscode.window.createWebviewPanel(type, "restored", vscode.ViewColumn.Beside, {});
      view.restore(panel);
      assert.equal(view.panel, panel);
      assert.match(panel.webview.html, /Content-Security-Policy/);
      assert.ok(panel.webview.html.includes(script), `${type} page loads ${script}`);
      assert.equal(panel.webview.options.enableScripts, true);
      panel.dispose();
      await settle();
      assert.equal(view.isOpen, false);
    }
  });
});

describe("EAD settings panel messages in VS Code", function () {
  this.timeout(60_000);
  let api: Api;
  const config = () => vscode.workspace.getConfiguration("ead");

  before(async function () {
    api = await vscode.extensions.getExtension<Api>(EXTENSION_ID)!.activate();
    assert.ok(vscode.workspace.workspaceFolders?.length, "the tests run with a workspace folder open");
  });

  afterEach(async function () {
    for (const key of ["window", "threshold", "mode", "context.enabled", "context.maxTokens"]) {
      await config().update(key, undefined, vscode.ConfigurationTarget.Workspace);
      await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it("writes a value to the user settings when no workspace value is set", async function () {
    await api.ui.settingsPanel.receive({ type: "set", key: "threshold", value: 3.5 });
    const t = config().inspect<number>("threshold");
    assert.equal(t?.globalValue, 3.5);
    assert.equal(t?.workspaceValue, undefined);
    assert.equal(config().get("threshold"), 3.5);
  });

  it("writes to the workspace settings when the workspace already sets the value", async function () {
    await config().update("window", 7, vscode.ConfigurationTarget.Workspace);
    await api.ui.settingsPanel.receive({ type: "set", key: "window", value: 9 });
    const w = config().inspect<number>("window");
    assert.equal(w?.workspaceValue, 9);
    assert.equal(w?.globalValue, undefined);
    await api.ui.settingsPanel.receive({ type: "reset", key: "window" });
    assert.equal(config().inspect<number>("window")?.workspaceValue, undefined);
    assert.equal(config().get("window"), 32);
  });

  it("ignores messages that fail validation", async function () {
    const bad: unknown[] = [
      { type: "set", key: "threshold", value: 99 },
      { type: "set", key: "threshold", value: "3" },
      { type: "set", key: "window", value: 2.5 },
      { type: "set", key: "mode", value: "turbo" },
      { type: "set", key: "smallModel", value: "/etc/passwd" },
      { type: "set", key: "threshold", value: 3, target: 1 },
      { type: "calibrate", target: 7 },
      "set",
      null,
    ];
    const keys = ["threshold", "window", "mode", "smallModel"];
    // The test host sets the model pair as user settings: every value stays what it was.
    const before = keys.map((key) => [config().inspect(key)?.globalValue, config().inspect(key)?.workspaceValue]);
    for (const m of bad) await api.ui.settingsPanel.receive(m);
    for (const [i, key] of keys.entries()) {
      const now = config().inspect(key);
      assert.equal(now?.globalValue, before[i][0], `${key} user value`);
      assert.equal(now?.workspaceValue, before[i][1], `${key} workspace value`);
    }
    assert.equal(before[0][0], undefined, "threshold had no user value");
  });

  it("writes the context settings to the user settings when no workspace value is set", async function () {
    await api.ui.settingsPanel.receive({ type: "set", key: "context.enabled", value: false });
    const enabled = config().inspect<boolean>("context.enabled");
    assert.equal(enabled?.globalValue, false);
    assert.equal(enabled?.workspaceValue, undefined);
    assert.equal(config().get("context.enabled"), false);
    await api.ui.settingsPanel.receive({ type: "set", key: "context.maxTokens", value: 2048 });
    const maxTokens = config().inspect<number>("context.maxTokens");
    assert.equal(maxTokens?.globalValue, 2048);
    assert.equal(maxTokens?.workspaceValue, undefined);
    // Back to the default: the key is removed, not pinned.
    await api.ui.settingsPanel.receive({ type: "set", key: "context.enabled", value: true });
    assert.equal(config().inspect("context.enabled")?.globalValue, undefined);
    assert.equal(config().get("context.enabled"), true);
  });

  it("writes ead.context.maxTokens to the workspace settings when the workspace sets it", async function () {
    await config().update("context.maxTokens", 512, vscode.ConfigurationTarget.Workspace);
    await api.ui.settingsPanel.receive({ type: "set", key: "context.maxTokens", value: 0 });
    const t = config().inspect<number>("context.maxTokens");
    assert.equal(t?.workspaceValue, 0);
    assert.equal(t?.globalValue, undefined);
    await api.ui.settingsPanel.receive({ type: "reset", key: "context.maxTokens" });
    assert.equal(config().inspect("context.maxTokens")?.workspaceValue, undefined);
    assert.equal(config().get("context.maxTokens"), 1024);
  });

  it("refuses context values out of range or of the wrong type", async function () {
    await config().update("context.maxTokens", 4096, vscode.ConfigurationTarget.Global);
    for (const m of [
      { type: "set", key: "context.maxTokens", value: 8193 },
      { type: "set", key: "context.maxTokens", value: -1 },
      { type: "set", key: "context.maxTokens", value: 100.5 },
      { type: "set", key: "context.maxTokens", value: "2048" },
      { type: "set", key: "context.enabled", value: "false" },
      { type: "set", key: "context.enabled", value: 0 },
    ]) {
      await api.ui.settingsPanel.receive(m);
    }
    assert.equal(config().inspect("context.maxTokens")?.globalValue, 4096);
    assert.equal(config().inspect("context.maxTokens")?.workspaceValue, undefined);
    assert.equal(config().inspect("context.enabled")?.globalValue, undefined);
    assert.equal(config().inspect("context.enabled")?.workspaceValue, undefined);
  });

  it("the stats view reports the context of the last request the engine got", async function () {
    this.timeout(120_000);
    assert.equal(await api.completions.whenLoaded(), true, "the fixture pair loads");
    const folder = vscode.workspace.workspaceFolders![0].uri;
    // math.js shown, then left for main.js: its chunk is gathered, and main.js's request carries it.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, "src/math.js")), { preview: false });
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, "src/main.js"));
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    const at = doc.positionAt(doc.getText().indexOf("for (const n of numbers) {\n") + "for (const n of numbers) {\n    ".length);
    editor.selection = new vscode.Selection(at, at);
    await until("math.js's chunk in the ring", () => api.completions.contextChunks().some((c) => c.path === "src/math.js"), 10_000);
    await api.completions.resetCache();
    const before = api.completions.lastEngineRequest();
    try {
      await vscode.commands.executeCommand("editor.action.inlineSuggest.trigger");
      const request = await until("a request from main.js", () => {
        const r = api.completions.lastEngineRequest();
        return r !== before ? r : undefined;
      }, 60_000);
      assert.ok(request?.context?.chunks.some((c) => c.path === "src/math.js"), `the request carries math.js's chunk: ${JSON.stringify(request?.context?.chunks.map((c) => c.path))}`);
      const context = api.ui.statsView.state().context;
      assert.equal(context.requested, true);
      assert.ok(context.chunks > 0, "the request carried chunks");
      assert.equal(context.chunks, request!.context!.chunks.length);
      assert.equal(context.maxTokens, 1024, "the default bound");
    } finally {
      await vscode.commands.executeCommand("editor.action.inlineSuggest.hide");
      await closeAllEditorsWithoutSaving();
    }
  });

  it("calibrates the threshold on the session's completions", async function () {
    api.ui.stats.reset();
    await config().update("window", 1, vscode.ConfigurationTarget.Global);
    const entropies = [0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 0.2, 6.5];
    const tokens = entropies.map((h, i) => ({ id: i, text: `t${i}`, model: "small" as const, entropy: h, rolling: h }));
    api.events.fireComplete({
      uri: "untitled:c",
      text: "",
      tokens,
      stats: {
        smallTokens: tokens.length,
        largeTokens: 0,
        switches: 0,
        evaluated: { small: 8, large: 0 },
        reused: { small: 0, large: 0 },
        ms: { prefill: 1, decode: 1, catchUp: 0, verify: 0, total: 2 },
        paramCost: 0.1,
        drafted: 0,
        accepted: 0,
        stopReason: "maxTokens",
      },
      settings: { mode: "ead", threshold: 2, window: 1, stability: "none", hysteresis: 0.5, minStay: 4, topK: 256, maxTokens: 8, draftTokens: 4 },
      latencyMs: 10,
      at: Date.now(),
    });
    await config().update("stability", "none", vscode.ConfigurationTarget.Global);
    try {
      await api.ui.settingsPanel.receive({ type: "calibrate", target: 0.5 });
      const t = config().get<number>("threshold")!;
      // Half of the 8 entropies lie above it: between 2.5 and 3.5.
      assert.ok(t >= 2.5 && t < 3.5, `calibrated threshold ${t}`);
    } finally {
      await config().update("stability", undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
