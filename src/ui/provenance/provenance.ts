// Provenance colours in the editor: after a suggestion is accepted, its text gets a faint background
// per model, token by token, kept on the right characters through edits (see tracker.ts), with a hover
// that tells who wrote the token and why.
import * as vscode from "vscode";
import type { AcceptedCompletion, CompletionEvents } from "../../completion/events";
import type { ModelRole } from "../../engine/types";
import { replacedNote, switchReason } from "./why";
import { ProvenanceStore, alignment, rangesFromAccepted, withEol, type TrackedRange } from "./tracker";

/** Theme colours contributed in package.json; the user settings override them. */
export const THEME_COLORS: Record<ModelRole, string> = {
  small: "ead.provenance.smallBackground",
  large: "ead.provenance.largeBackground",
};

const MODEL_NAMES: Record<ModelRole, string> = { small: "small model", large: "large model" };

/** How long an accepted suggestion may wait for its text to appear in the document. */
const PENDING_MS = 3000;

interface Pending {
  accepted: AcceptedCompletion;
  until: number;
}

function fmt(bits: number): string {
  return Number.isFinite(bits) ? bits.toFixed(2) : String(bits);
}

export function hoverMarkdown(r: TrackedRange): vscode.MarkdownString {
  const { model, entropy, rolling, threshold } = r.info;
  const why = switchReason(r.info);
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**EAD Complete** · written by the **${MODEL_NAMES[model]}**\n\n`);
  md.appendMarkdown(`| | bits |\n|:--|--:|\n`);
  md.appendMarkdown(`| entropy | ${fmt(entropy)} |\n| rolling mean | ${fmt(rolling)} |\n| threshold | ${fmt(threshold)} |\n\n`);
  md.appendText(`At this token ${why}.`);
  const note = replacedNote(r.info.replaced);
  if (note) md.appendText(`\n\n${note}`);
  return md;
}

export class ProvenanceDecorations implements vscode.Disposable, vscode.HoverProvider {
  readonly store = new ProvenanceStore();
  private types: Record<ModelRole, vscode.TextEditorDecorationType> | undefined;
  private readonly pending = new Map<string, Pending[]>();
  /** Per document, the version whose edits the tracked ranges already include. */
  private readonly synced = new Map<string, number>();
  /** Where the tokens of recent suggestions start in their document, to place partial accepts. */
  private readonly tokenStarts = new Map<string, { joined: string; start: number }>();
  private readonly disposables: vscode.Disposable[] = [];
  private enabled = false;

  constructor(
    events: CompletionEvents,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.readConfig();
    for (const doc of vscode.workspace.textDocuments) this.synced.set(doc.uri.toString(), doc.version);
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.synced.set(d.uri.toString(), d.version)),
      events.onDidAccept((a) => this.accept(a)),
      vscode.workspace.onDidChangeTextDocument((e) => this.onChange(e)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.store.clear(d.uri.toString());
        this.pending.delete(d.uri.toString());
        this.synced.delete(d.uri.toString());
        this.tokenStarts.delete(d.uri.toString());
      }),
      vscode.window.onDidChangeVisibleTextEditors(() => this.refreshAll()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration("ead.provenance")) {
          this.readConfig();
          this.refreshAll();
        }
      }),
      vscode.languages.registerHoverProvider({ pattern: "**" }, this),
    );
  }

  /** Decorates an accepted suggestion (the provider's onDidAccept calls this; tests may call it too). */
  accept(accepted: AcceptedCompletion): boolean {
    if (!this.enabled) return false;
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === accepted.uri);
    if (!doc) return false;
    // Place now only if this listener has seen every edit of the document so far: an accept reported
    // from another listener of the same change event waits until that event has moved the old ranges.
    const synced = this.synced.get(accepted.uri);
    if ((synced === undefined || synced >= doc.version) && this.tryPlace(doc, accepted)) return true;
    // The event may also come before the text is in the document: wait for it for a moment.
    const list = this.pending.get(accepted.uri) ?? [];
    list.push({ accepted, until: Date.now() + PENDING_MS });
    this.pending.set(accepted.uri, list);
    return false;
  }

  /** Places the suggestion's ranges if the document holds its text at its offset. */
  private tryPlace(doc: vscode.TextDocument, accepted: AcceptedCompletion): boolean {
    const eol = doc.eol === vscode.EndOfLine.CRLF ? "\r\n" : "\n";
    const text = withEol(accepted.text, eol);
    if (!text || accepted.offset < 0) return false;
    const at = doc.positionAt(accepted.offset);
    if (doc.offsetAt(at) !== accepted.offset) return false;
    if (doc.getText(new vscode.Range(at, doc.positionAt(accepted.offset + text.length))) !== text) return false;
    const joined = accepted.tokens.map((t) => t.text).join("");
    const previous = this.tokenStarts.get(accepted.uri);
    const hint = previous && previous.joined === joined ? previous.start : undefined;
    this.tokenStarts.set(accepted.uri, { joined, start: accepted.offset - alignment(accepted, eol, hint) });
    const ranges = rangesFromAccepted(accepted, eol, hint);
    this.synced.set(accepted.uri, doc.version);
    this.store.add(accepted.uri, ranges);
    this.refresh(doc.uri.toString());
    const large = ranges.filter((r) => r.info.model === "large").length;
    this.log.debug(`provenance: ${ranges.length} token ranges (${large} large) at offset ${accepted.offset}`);
    return true;
  }

  private onChange(e: vscode.TextDocumentChangeEvent): void {
    const uri = e.document.uri.toString();
    const synced = this.synced.get(uri);
    if (synced !== undefined && e.document.version <= synced) return;
    this.synced.set(uri, e.document.version);
    if (e.contentChanges.length && this.store.edit(uri, e.contentChanges)) this.refresh(uri);
    const waiting = this.pending.get(uri);
    if (waiting) {
      const now = Date.now();
      const still = waiting.filter((p) => p.until > now && !this.tryPlace(e.document, p.accepted));
      if (still.length) this.pending.set(uri, still);
      else this.pending.delete(uri);
    }
  }

  provideHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    if (!this.enabled) return undefined;
    const r = this.store.at(doc.uri.toString(), doc.offsetAt(pos));
    if (!r) return undefined;
    return new vscode.Hover(hoverMarkdown(r), new vscode.Range(doc.positionAt(r.start), doc.positionAt(r.end)));
  }

  /** Ranges tracked in a document, as editor ranges with their model (for tests and diagnostics). */
  rangesOf(doc: vscode.TextDocument): { range: vscode.Range; model: ModelRole; text: string }[] {
    return this.store.get(doc.uri.toString()).map((r) => {
      const range = new vscode.Range(doc.positionAt(r.start), doc.positionAt(r.end));
      return { range, model: r.info.model, text: doc.getText(range) };
    });
  }

  clear(): void {
    this.store.clear();
    this.pending.clear();
    this.refreshAll();
  }

  private readConfig(): void {
    const config = vscode.workspace.getConfiguration("ead.provenance");
    const wasEnabled = this.enabled;
    this.enabled = config.get<boolean>("enabled", false);
    if (wasEnabled && !this.enabled) {
      this.store.clear();
      this.pending.clear();
    }
    const color = (model: ModelRole): string | vscode.ThemeColor => {
      const key = `${model}Color`;
      const set = config.inspect<string>(key);
      const explicit = set?.workspaceFolderValue ?? set?.workspaceValue ?? set?.globalValue;
      return typeof explicit === "string" && explicit.trim() ? explicit.trim() : new vscode.ThemeColor(THEME_COLORS[model]);
    };
    this.types?.small.dispose();
    this.types?.large.dispose();
    const make = (model: ModelRole) =>
      vscode.window.createTextEditorDecorationType({
        backgroundColor: color(model),
        rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
      });
    this.types = { small: make("small"), large: make("large") };
  }

  private refreshAll(): void {
    for (const editor of vscode.window.visibleTextEditors) this.decorate(editor);
  }

  private refresh(uri: string): void {
    for (const editor of vscode.window.visibleTextEditors) if (editor.document.uri.toString() === uri) this.decorate(editor);
  }

  private decorate(editor: vscode.TextEditor): void {
    if (!this.types) return;
    const doc = editor.document;
    const byModel: Record<ModelRole, vscode.Range[]> = { small: [], large: [] };
    if (this.enabled) {
      for (const r of this.store.get(doc.uri.toString())) {
        byModel[r.info.model].push(new vscode.Range(doc.positionAt(r.start), doc.positionAt(r.end)));
      }
    }
    editor.setDecorations(this.types.small, byModel.small);
    editor.setDecorations(this.types.large, byModel.large);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.types?.small.dispose();
    this.types?.large.dispose();
    this.types = undefined;
  }
}
