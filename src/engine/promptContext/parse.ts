// Reads a PromptContext from untrusted JSON (a CLI file, a benchmark task, a message to the engine
// process): every field is checked and a mistake is named, so a bad file fails with a fixable message.
import type { ContextChunk, PromptContext } from "./types";

/** Bounds no real context reaches; past them the input is refused rather than tokenized. */
export const CONTEXT_INPUT_LIMITS = { chunks: 4096, chunkChars: 1 << 20, nameChars: 4096 } as const;

export class PromptContextError extends Error {}

/** The context `value` describes, or a PromptContextError saying what is wrong (`where` names the input). */
export function parsePromptContext(value: unknown, where = "context"): PromptContext {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new PromptContextError(`${where} must be an object with a "chunks" array`);
  const v = value as Record<string, unknown>;
  const name = (key: "repo" | "path"): string | undefined => {
    const s = v[key];
    if (s === undefined) return undefined;
    if (typeof s !== "string") throw new PromptContextError(`${where}: ${key} must be a string`);
    if (s.length > CONTEXT_INPUT_LIMITS.nameChars) throw new PromptContextError(`${where}: ${key} is longer than ${CONTEXT_INPUT_LIMITS.nameChars} characters`);
    return s;
  };
  const repo = name("repo");
  const path = name("path");
  if (!Array.isArray(v.chunks)) throw new PromptContextError(`${where}: chunks must be an array of {"path", "text"} objects`);
  if (v.chunks.length > CONTEXT_INPUT_LIMITS.chunks) throw new PromptContextError(`${where}: chunks has ${v.chunks.length} entries; at most ${CONTEXT_INPUT_LIMITS.chunks} are read`);
  const chunks: ContextChunk[] = v.chunks.map((c: unknown, i: number) => {
    const at = `${where}: chunks[${i}]`;
    if (typeof c !== "object" || c === null || Array.isArray(c)) throw new PromptContextError(`${at} must be an object with "path" and "text" strings`);
    const { path: p, text } = c as Record<string, unknown>;
    if (typeof p !== "string") throw new PromptContextError(`${at}.path must be a string`);
    if (typeof text !== "string") throw new PromptContextError(`${at}.text must be a string`);
    if (p.length > CONTEXT_INPUT_LIMITS.nameChars) throw new PromptContextError(`${at}.path is longer than ${CONTEXT_INPUT_LIMITS.nameChars} characters`);
    if (text.length > CONTEXT_INPUT_LIMITS.chunkChars) throw new PromptContextError(`${at}.text is longer than ${CONTEXT_INPUT_LIMITS.chunkChars} characters`);
    return { path: p, text };
  });
  let maxTokens: number | undefined;
  if (v.maxTokens !== undefined) {
    if (typeof v.maxTokens !== "number" || !Number.isInteger(v.maxTokens) || v.maxTokens < 0) throw new PromptContextError(`${where}: maxTokens must be a non-negative integer`);
    maxTokens = v.maxTokens;
  }
  return { ...(repo !== undefined ? { repo } : {}), ...(path !== undefined ? { path } : {}), chunks, ...(maxTokens !== undefined ? { maxTokens } : {}) };
}
