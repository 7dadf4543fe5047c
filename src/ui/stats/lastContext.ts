// What the stats view says about the context the last engine request carried: how many chunks, from
// how many files, their characters and the token bound. The editor never tokenizes (the engine cuts the
// block to the bound), so characters are what it can count exactly. Pure: no vscode import.
import type { PromptContext } from "../../engine/types";

export interface LastContext {
  /** False when no request has reached the engine this session. */
  requested: boolean;
  chunks: number;
  /** Distinct paths among the chunks (the current file's own chunks count as one). */
  files: number;
  /** Characters of the chunk texts. */
  chars: number;
  /** The bound on the block's tokens the request carried; null without context. */
  maxTokens: number | null;
}

/** The summary of `request`'s context (undefined request: none sent yet; no context: 0 chunks). */
export function lastContext(request: { context?: PromptContext } | undefined): LastContext {
  const chunks = request?.context?.chunks ?? [];
  return {
    requested: request !== undefined,
    chunks: chunks.length,
    files: new Set(chunks.map((c) => c.path)).size,
    chars: chunks.reduce((sum, c) => sum + c.text.length, 0),
    maxTokens: request?.context?.maxTokens ?? null,
  };
}
