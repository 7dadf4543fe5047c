// Owns the ring of chunks for the editor: adds what the gatherers (gatherers.ts) find once the file
// filter allows it, builds each request's context (assemble.ts), and when the chunk set changed and no
// key was pressed for a while, looks up definitions and lets the engine evaluate the new context
// ahead of the next request.
import * as vscode from "vscode";
import { isAbortError } from "../../engine/errors";
import { CONTEXT_IDLE_MS } from "../../engine/promptContext/limits";
import type { PromptContext } from "../../engine/types";
import { DEFAULT_CONTEXT_LIMITS, buildDocumentContext } from "../documentContext";
import { assembleContext } from "./assemble";
import { definitionChunks, lookupNames } from "./definitions";
import type { Refusal } from "./exclusion";
import { FileFilter, relativePath } from "./fileFilter";
import { ChunkRing, type RingChunk } from "./ringBuffer";
import { outsideWindow } from "./sameFile";
import { contextOn, type ContextSettings } from "./settings";

/** Lookups cut short in a row that are asked again (a language server starting up on a busy machine takes many seconds). */
const MAX_LOOKUP_RETRIES = 5;

export type GatherReason = "opened" | "left" | "saved" | "copied" | "definition";

/** What was gathered and refused, by reason (the integration tests and the log read them). */
export interface ContextCounters {
  gathered: Record<GatherReason, number>;
  refused: Record<Refusal, number>;
  definitionLookups: number;
  /** Warm-ups the engine finished (aborted ones, given way to a request, are not counted). */
  warmed: number;
}

export interface CollectorDeps {
  settings: () => ContextSettings;
  log: (message: string) => void;
  /**
   * Evaluates a context ahead of the requests that will carry it (the engine's warm-up): false when it
   * could not (no pair loaded); may throw an abort.
   */
  warm?: (context: PromptContext) => Promise<boolean>;
  /** No keystroke for this long counts as idle, ms (CONTEXT_IDLE_MS when absent). */
  idleMs?: number;
}

export class ContextCollector implements vscode.Disposable {
  readonly ring = new ChunkRing();
  readonly counters: ContextCounters = {
    gathered: { opened: 0, left: 0, saved: 0, copied: 0, definition: 0 },
    refused: { scheme: 0, tooLarge: 0, binary: 0, ignored: 0, excluded: 0, outsideFolders: 0 },
    definitionLookups: 0,
    warmed: 0,
  };
  private readonly filter = new FileFilter();
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  /** The ring version and document of the last warm-up: the block depends on both. */
  private warmedFor = "";
  /** The names whose definitions were last looked up, by document URI (the lookup runs again when they change). */
  private readonly lookedUp = new Map<string, string>();
  /** Lookups cut short by the time box in a row: asked again at the next idle moment, a few times. */
  private retries = 0;

  constructor(private readonly deps: CollectorDeps) {}

  dispose(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.filter.dispose();
  }

  get on(): boolean {
    return contextOn(this.deps.settings());
  }

  /**
   * Adds a chunk of `document` to the ring when the filter lets the document through; `chunk` is cut
   * only then (a refused huge file is never split into lines).
   */
  async gather(document: vscode.TextDocument, chunk: string | (() => string), reason: GatherReason): Promise<boolean> {
    if (!this.on) return false;
    const refusal = await this.filter.refusal(document);
    if (refusal) {
      this.counters.refused[refusal]++;
      return false;
    }
    const text = typeof chunk === "string" ? chunk : chunk();
    if (!text) return false;
    const where = place(document);
    const added = this.ring.add({ path: where.path, text, source: document.uri.toString(), folder: where.folder });
    if (added) {
      this.counters.gathered[reason]++;
      this.scheduleIdle();
    }
    return added;
  }

  /** The context a request at `offset` of `document` (whose text is `text`) carries, or undefined when context is off or empty. */
  contextFor(document: vscode.TextDocument, offset: number, text = document.getText()): PromptContext | undefined {
    const settings = this.deps.settings();
    if (!contextOn(settings)) return undefined;
    // The same window the service cuts (documentContext.ts): what lies outside it is context.
    const doc = buildDocumentContext(text, offset, DEFAULT_CONTEXT_LIMITS);
    const window = { start: doc.prefixStart, end: offset + doc.suffix.length };
    const trusted = vscode.workspace.isTrusted;
    const current = { source: document.uri.toString(), ...place(document) };
    const ring: readonly RingChunk[] = this.ring.chunks;
    return assembleContext({ ring, current, sameFile: outsideWindow(text, window), maxTokens: settings.maxTokens, trusted });
  }

  /** A key was pressed or another editor became active: the idle countdown starts again. */
  keystroke(): void {
    if (this.on) this.scheduleIdle();
  }

  /** Starts (or restarts) the countdown to the idle work, `times` idle periods from now. */
  scheduleIdle(times = 1): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      void this.idle();
    }, (this.deps.idleMs ?? CONTEXT_IDLE_MS) * times);
  }

  /** Definitions of the active document's imports (again only when the names change), then the warm-up of a changed context. */
  private async idle(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !this.on) return;
    const document = editor.document;
    const offset = document.offsetAt(editor.selection.active);
    const key = document.uri.toString();
    const names = lookupNames(document.getText(), offset);
    const asked = names.map((n) => n.name).join(",");
    if (names.length && this.lookedUp.get(key) !== asked) {
      this.lookedUp.set(key, asked);
      this.counters.definitionLookups++;
      try {
        const { chunks, complete } = await definitionChunks(document, names);
        for (const chunk of chunks) await this.gather(chunk.document, chunk.text, "definition");
        if (complete || ++this.retries > MAX_LOOKUP_RETRIES) this.retries = 0;
        else {
          // Each wait twice the last (1, 2, 4, 8, 16 s): the lookups cut short keep the server working meanwhile.
          this.lookedUp.delete(key);
          this.scheduleIdle(2 ** (this.retries - 1));
          this.deps.log(`context: definition lookups cut short or unanswered; asking again in ${2 ** (this.retries - 1)} idle periods`);
        }
      } catch (error) {
        this.deps.log(`context: definition lookup failed: ${(error as Error).message}`);
      }
    }
    const warmKey = `${this.ring.version}|${key}`;
    if (this.deps.warm && warmKey !== this.warmedFor && vscode.window.activeTextEditor === editor) {
      this.warmedFor = warmKey;
      const context = this.contextFor(document, offset);
      if (!context) return;
      try {
        if (await this.deps.warm(context)) this.counters.warmed++;
      } catch (error) {
        // A keystroke's request always wins over a warm-up: that abort is the normal case.
        if (!isAbortError(error)) this.deps.log(`context: warm-up failed: ${(error as Error).message}`);
      }
    }
  }
}

/** The document's workspace folder (its URI and name, the prompt's repository) and its path below it. */
function place(document: vscode.TextDocument): { folder?: string; repo: string; path: string } {
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  const name = document.uri.path.slice(document.uri.path.lastIndexOf("/") + 1) || "untitled";
  const path = (folder && relativePath(folder.uri, document.uri)) || name;
  return { folder: folder?.uri.toString(), repo: folder?.name ?? "project", path };
}
