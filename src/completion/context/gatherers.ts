// The editor events that feed the ring: a file shown for the first time (the chunk at its cursor), an
// editor left (the chunk around its last cursor), a file saved, and text copied. VS Code has no
// clipboard event: the last selection is remembered, and counts as copied when it is pasted (the
// inserted text equals it) or, on desktop, when the clipboard holds it as its editor is left.
// The browser's clipboard asks the user for permission, so the web workbench relies on the paste.
import * as vscode from "vscode";
import { chunkAround } from "./chunks";
import type { ContextCollector } from "./collector";

/** Selections longer than this (characters) are not remembered: a select-all is not a snippet. */
const MAX_SELECTION_CHARS = 16_384;

interface Selected {
  document: vscode.TextDocument;
  text: string;
  /** The selection's middle line: its chunk is gathered. */
  line: number;
}

export function registerGatherers(collector: ContextCollector): vscode.Disposable[] {
  /** Last cursor line per document URI. */
  const cursorLine = new Map<string, number>();
  const shown = new Set<string>();
  let active = vscode.window.activeTextEditor;
  let selected: Selected | undefined;

  const around = (document: vscode.TextDocument, line: number) => () => chunkAround(document.getText(), line);
  const showing = (editors: readonly vscode.TextEditor[]) => {
    for (const editor of editors) {
      const key = editor.document.uri.toString();
      if (shown.has(key)) continue;
      shown.add(key);
      void collector.gather(editor.document, around(editor.document, editor.selection.active.line), "opened");
    }
  };
  const copiedIf = async (clipboard: string | undefined) => {
    const s = selected;
    if (!s || clipboard === undefined || clipboard !== s.text) return;
    selected = undefined;
    await collector.gather(s.document, around(s.document, s.line), "copied");
  };
  showing(vscode.window.visibleTextEditors);

  return [
    vscode.window.onDidChangeVisibleTextEditors(showing),
    vscode.window.onDidChangeTextEditorSelection((e) => {
      const key = e.textEditor.document.uri.toString();
      cursorLine.set(key, e.selections[0].active.line);
      const sel = e.selections[0];
      if (sel.isEmpty) return;
      const document = e.textEditor.document;
      if (document.offsetAt(sel.end) - document.offsetAt(sel.start) > MAX_SELECTION_CHARS) return;
      selected = { document, text: document.getText(sel), line: Math.floor((sel.start.line + sel.end.line) / 2) };
    }),
    vscode.window.onDidChangeActiveTextEditor((next) => {
      const left = active;
      active = next;
      // The new document's imports and block are looked up and warmed once the editor is idle.
      if (next) collector.keystroke();
      if (!left || left.document.isClosed) return;
      const line = cursorLine.get(left.document.uri.toString()) ?? left.selection.active.line;
      void collector.gather(left.document, around(left.document, line), "left");
      if (selected && vscode.env.uiKind === vscode.UIKind.Desktop && collector.on) {
        void Promise.resolve(vscode.env.clipboard.readText()).then(copiedIf, () => undefined);
      }
    }),
    vscode.workspace.onDidSaveTextDocument((document) => {
      // Saves the user made: the editor also saves documents nobody shows (settings written by commands).
      if (!vscode.window.visibleTextEditors.some((e) => e.document === document)) return;
      const line = cursorLine.get(document.uri.toString()) ?? 0;
      void collector.gather(document, around(document, line), "saved");
    }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === vscode.window.activeTextEditor?.document) collector.keystroke();
      const pasted = e.contentChanges.find((c) => selected && c.text.length > 1 && c.text === selected.text);
      if (pasted && selected?.document !== e.document) void copiedIf(pasted.text);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => {
      const key = document.uri.toString();
      shown.delete(key);
      cursorLine.delete(key);
      if (selected?.document === document) selected = undefined;
      // An untitled document closed is text thrown away (and its name is given to the next one).
      if (document.uri.scheme === "untitled") collector.ring.removeSource(key);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      // Turned off: nothing gathered so far is kept.
      if (e.affectsConfiguration("ead.context") && !collector.on) collector.ring.clear();
    }),
  ];
}
