// The context the editor would gather during a replayed session, through the editor's own pure parts
// (src/completion/context): its ring buffer, its chunk cuts and its assembly per request. Gathering
// order: a cross-file task's chunks as the user gathered them; the head of each file the user opened
// before typing (the cursor is on the first line when a file opens); the typed file as it opens; and,
// while typing, a chunk around the cursor each time the user saves before moving elsewhere (between a
// session's steps). The typed file's own ring chunks never reach its prompt (the editor leaves them
// out); its code outside the prefix/suffix window does, as the editor adds it per request.
import { assembleContext } from "../../completion/context/assemble";
import { chunkAround } from "../../completion/context/chunks";
import { ChunkRing } from "../../completion/context/ringBuffer";
import { outsideWindow } from "../../completion/context/sameFile";
import { CONTEXT_LIMITS } from "../../completion/context/settings";
import { buildDocumentContext, DEFAULT_CONTEXT_LIMITS } from "../../completion/documentContext";
import type { PromptContext } from "../../engine/types";
import type { ReplaySession } from "./sessions";

/** What caused a chunk to be gathered, for the report and the tests. */
export interface GatherEvent {
  event: "gathered" | "opened" | "saved";
  path: string;
  /** Whether the ring changed (a chunk equal to one held, or empty, changes nothing). */
  changed: boolean;
}

/** The editor's default bound on the context block's tokens (ead.context.maxTokens). */
export const DEFAULT_CONTEXT_TOKENS = CONTEXT_LIMITS.maxTokens.default;

/** The replay's files live in one trusted folder, each under a URI of its own. */
const FOLDER = "file:///replay";
const uriOf = (path: string) => `${FOLDER}/${path}`;

const lineAt = (text: string, offset: number) => text.slice(0, offset).split("\n").length - 1;

export class SessionContext {
  readonly events: GatherEvent[] = [];
  readonly ring = new ChunkRing();
  private readonly current: { source: string; folder: string; path: string; repo: string };

  constructor(
    private readonly session: ReplaySession,
    /** The request's uri for the typed file (the driver's). */
    source: string,
    private readonly maxTokens: number = DEFAULT_CONTEXT_TOKENS,
  ) {
    this.current = { source, folder: FOLDER, path: session.path ?? "untitled", repo: session.repo ?? "project" };
  }

  /** Before the first keystroke: gathered chunks, each opened file, then the typed file as it opens. Says whether the ring changed. */
  begin(document: string): boolean {
    let changed = false;
    for (const chunk of this.session.chunks ?? []) changed = this.gather("gathered", chunk.path, chunk.text) || changed;
    // The editor's "opened" gatherer takes the chunk at the cursor, which a file just opened has on line 0.
    for (const file of this.session.opened ?? []) changed = this.gather("opened", file.path, chunkAround(file.text, 0), uriOf(file.path)) || changed;
    return this.gather("opened", this.current.path, chunkAround(document, 0), this.current.source) || changed;
  }

  /** The user saves the typed file with the cursor at `cursor`, before moving elsewhere. Says whether the ring changed. */
  saved(document: string, cursor: number): boolean {
    return this.gather("saved", this.current.path, chunkAround(document, lineAt(document, cursor)), this.current.source);
  }

  /** The context a request at `offset` of `document` carries, as the editor's collector assembles it (collector.ts contextFor). */
  at(document: string, offset: number): PromptContext | undefined {
    const window = buildDocumentContext(document, offset, DEFAULT_CONTEXT_LIMITS);
    const start = window.prefixStart;
    const sameFile = outsideWindow(document, { start, end: offset + window.suffix.length });
    return assembleContext({ ring: this.ring.chunks, current: this.current, sameFile, maxTokens: this.maxTokens, trusted: true });
  }

  private gather(event: GatherEvent["event"], path: string, text: string, source?: string): boolean {
    const changed = this.ring.add({ path, text, folder: FOLDER, ...(source === undefined ? {} : { source }) });
    this.events.push({ event, path, changed });
    return changed;
  }
}
