// The context one request carries: the ring's chunks (oldest first) that this document may see, then
// the current file's code outside its window, cut to the token bound. Pure.
import type { ContextChunk, PromptContext } from "../../engine/types";
import type { RingChunk } from "./ringBuffer";

/**
 * Characters per token assumed when cutting to the bound before tokenizing (code averages 3-4 with
 * the families we load); the engine holds the exact token bound (`maxTokens`).
 */
export const CHARS_PER_TOKEN = 3;

/** Share of the bound the current file's outside-window chunks may take; the ring has the rest. */
export const SAME_FILE_SHARE = 0.25;

export interface AssembleInput {
  /** The ring's chunks, oldest first. */
  ring: readonly RingChunk[];
  /** The current document: its URI, folder URI (undefined outside any folder), path and repository name. */
  current: { source: string; folder?: string; path: string; repo: string };
  /** Chunks of the current file outside the prefix/suffix window. */
  sameFile: readonly string[];
  maxTokens: number;
  /** Untrusted workspace: only chunks of the current document's folder (and untitled ones). */
  trusted: boolean;
}

/** Whether a chunk may reach a prompt for `current`: never its own stale copy, never another folder's when untrusted. */
export function visibleTo(chunk: RingChunk, current: AssembleInput["current"], trusted: boolean): boolean {
  if (chunk.source === current.source) return false;
  if (trusted) return true;
  if (chunk.source?.startsWith("untitled:")) return true;
  return current.folder !== undefined && chunk.folder === current.folder;
}

/** The request's context; undefined when context is off (0 tokens) or no chunk may be sent. */
export function assembleContext(input: AssembleInput): PromptContext | undefined {
  if (input.maxTokens <= 0) return undefined;
  const budget = input.maxTokens * CHARS_PER_TOKEN;
  const extra: ContextChunk[] = [];
  let extraChars = 0;
  for (const text of input.sameFile) {
    if (extraChars + text.length > budget * SAME_FILE_SHARE) break;
    extra.push({ path: input.current.path, text });
    extraChars += text.length;
  }
  // The newest chunks that fit, kept in ring order: a chunk that falls out is the oldest, so the block
  // changes at its start only when the bound is reached.
  const visible = input.ring.filter((c) => visibleTo(c, input.current, input.trusted));
  let left = budget - extraChars;
  let first = visible.length;
  while (first > 0 && visible[first - 1].text.length <= left) left -= visible[--first].text.length;
  const chunks = [...visible.slice(first).map((c) => ({ path: c.path, text: c.text })), ...extra];
  // Nothing from elsewhere: today's prompt, not a repository header around the file alone.
  if (!chunks.length) return undefined;
  return { repo: input.current.repo, path: input.current.path, chunks, maxTokens: input.maxTokens };
}
