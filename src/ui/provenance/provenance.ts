// Provenance colours in the editor: after a suggestion is accepted, its text gets a faint background
// per model, token by token, kept on the right characters through edits (see tracker.ts), with a hover
// that tells who wrote the token and why.
import * as vscode from "vscode";
import type { AcceptedCompletion, CompletionEvents } from "../../completion/events";
import type { ModelRole } from "../../engine/types";
import { hoverText } from "./hoverText";
import { ProvenancePersistence, type MementoLike } from "./persistence";
import { RemovedColours } from "./removedColours";
import { ProvenanceStore, alignment, rangesFromAccepted, withEol, type TrackedRange } from "./tracker";

/** Theme colours contributed in package.json; the user settings override them. */
export const THEME_COLORS: Record<ModelRole, string> = {
  small: "ead.provenance.smallBackground",
  large: "ead.provenance.largeBackground",
};

/** How long an accepted suggestion may wait for its text to appear in the document. */
const PENDING_MS = 3000;

interface Pending {
  accepted: AcceptedCompletion;
  until: number;
}

/** The hover of a coloured token (see hoverText.ts). */
export function hoverMarkdown(r: TrackedRange): vscode.MarkdownString {
  return new vscode.MarkdownString(hoverText(r.info), true);
}

export class ProvenanceDecorations implements vscode.Disposable, vscode.HoverProvider {
  readonly store = new ProvenanceStore();
  /** Colours of removed text, for an undo or redo that brings the text back. */
  private readonly removed = new RemovedColours();
  private types: Record<ModelRole, vscode.TextEditorDecorationType> | undefined;
  private readonly pending = new Map<string, Pending[]>();
  /** Per document, the version whose edits the tracked ranges already include. */
  private readonly synced = new Map<string, number>();
  /** Where the tokens of recent suggestions start in their document, to place partial accepts. */
  private readonly tokenStarts = new Map<string, { joined: string; start: number }>();
  private readonly disposables: vscode.Disposable[] = [];
  private enabled = false;
  /** Per document, the ranges last painted in its editors. */
  private readonly painted = new Map<string, { range: vscode.Range; model: ModelRole }[]>();

  private readonly persistence: ProvenancePersistence | undefined;
  /** Documents whose ranges changed since they were last kept, and the timer that keeps them. */
  private readonly dirty = new Set<string>();
  private saveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    events: CompletionEvents,
    private readonly log: vscode.LogOutputChannel,
    /** Where colours are kept across window reloads (the workspace's state); none: not kept. */
    memento?: MementoLike,
  ) {
    this.persistence = memento && new ProvenancePersistence(memento);
    this.readConfig();
    for (const doc of vscode.workspace.textDocuments) {
      this.synced.set(doc.uri.toString(), doc.version);
      void this.restore(doc);
    }
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => {
        this.synced.set(d.uri.toString(), d.version);
        void this.restore(d);
      }),
      events.onDidAccept((a) => this.accept(a)),
      vscode.workspace.onDidChangeTextDocument((e) => this.onChange(e)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        // What is kept for the document stays: reopened unchanged, it gets its colours back.
        if (this.dirty.delete(d.uri.toString())) void this.persistence?.save(d.uri.toString(), d.getText(), this.store.get(d.uri.toString()));
        this.store.clear(d.uri.toString());
        this.removed.forget(d.uri.toString());
        this.pending.delete(d.uri.toString());
        this.synced.delete(d.uri.toString());
        this.tokenStarts.delete(d.uri.toString());
        this.painted.delete(d.uri.toString());
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

  /**
   * Records an accepted suggestion's colours (the provider's onDidAccept calls this; tests may call it
   * too). They are kept while the colours are hidden, so that showing them again shows them all.
   */
  accept(accepted: AcceptedCompletion): boolean {
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
    this.keepSoon(accepted.uri);
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
    // Undo/redo bring back text an edit removed: its colours come back with it (one-change edits).
    let restored: TrackedRange[] | undefined;
    if (e.contentChanges.length === 1) {
      const change = e.contentChanges[0];
      const undoing = e.reason === vscode.TextDocumentChangeReason.Undo || e.reason === vscode.TextDocumentChangeReason.Redo;
      if (undoing) restored = this.removed.takeRestore(uri, change);
      this.removed.noteRemoval(uri, this.store.get(uri), change);
    }
    const moved = e.contentChanges.length > 0 && this.store.edit(uri, e.contentChanges);
    if (restored) this.store.add(uri, restored);
    if (moved || restored) {
      this.refresh(uri);
      this.keepSoon(uri);
    } else if (e.contentChanges.length && this.store.get(uri).length) this.keepSoon(uri); // the text hash changed
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

  /** Ranges each visible editor of `doc` was last given to paint (for tests: what the user sees). */
  decoratedRanges(doc: vscode.TextDocument): { model: ModelRole; text: string }[] {
    return (this.painted.get(doc.uri.toString()) ?? []).map((r) => ({ model: r.model, text: doc.getText(r.range) }));
  }

  /** Forgets every colour; returns how many token ranges in how many documents were cleared. */
  clear(): { ranges: number; documents: number } {
    const uris = this.store.uris();
    const ranges = uris.reduce((n, uri) => n + this.store.get(uri).length, 0);
    this.store.clear();
    this.removed.forget();
    this.pending.clear();
    this.dirty.clear();
    void this.persistence?.clear();
    this.refreshAll();
    return { ranges, documents: uris.length };
  }

  /** Puts back the colours kept for `doc` when its text is the one they were made on. */
  private async restore(doc: vscode.TextDocument): Promise<void> {
    const uri = doc.uri.toString();
    if (!this.persistence || this.store.get(uri).length) return;
    const version = doc.version;
    const ranges = await this.persistence.restore(uri, doc.getText());
    // Edited meanwhile, or coloured anew: what was kept no longer applies.
    if (!ranges || doc.version !== version || this.store.get(uri).length) return;
    this.store.add(uri, ranges);
    this.refresh(uri);
    this.log.debug(`provenance: restored ${ranges.length} token ranges of ${uri}`);
  }

  /** Keeps the colours of `uri` a moment after its last change. */
  private keepSoon(uri: string): void {
    if (!this.persistence) return;
    this.dirty.add(uri);
    this.saveTimer ??= setTimeout(() => this.keepNow(), 500);
  }

  private keepNow(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    for (const uri of this.dirty) {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
      if (doc) void this.persistence?.save(uri, doc.getText(), this.store.get(uri));
    }
    this.dirty.clear();
  }

  private readConfig(): void {
    const config = vscode.workspace.getConfiguration("ead.provenance");
    const wasEnabled = this.enabled;
    this.enabled = config.get<boolean>("enabled", false);
    // Turning the colours off hides them; the ranges keep following edits, to show again when turned on.
    if (wasEnabled !== this.enabled) this.log.debug(`provenance colours ${this.enabled ? "shown" : "hidden"}`);
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
    const painted = [...byModel.small.map((range) => ({ range, model: "small" as const })), ...byModel.large.map((range) => ({ range, model: "large" as const }))];
    this.painted.set(doc.uri.toString(), painted.sort((a, b) => a.range.start.compareTo(b.range.start)));
  }

  dispose(): void {
    this.keepNow();
    for (const d of this.disposables) d.dispose();
    this.types?.small.dispose();
    this.types?.large.dispose();
    this.types = undefined;
  }
}
