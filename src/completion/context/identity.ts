// A short identity of a prompt context, for the result cache's key: two requests with the same
// document window and different context chunks must not share a cached completion.
import type { PromptContext } from "../../engine/types";

/** 53-bit string hash (cyrb53): collisions are rare enough for a cache key, and it is cheap. */
export function hash53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** "" without context; otherwise a hash of everything the engine lays out from it. */
export function contextIdentity(context: PromptContext | undefined): string {
  if (!context) return "";
  const parts = [context.repo ?? "", context.path ?? "", String(context.maxTokens ?? ""), String(context.chunks.length)];
  for (const c of context.chunks) parts.push(c.path, c.text);
  return hash53(parts.join("\u0000")).toString(36);
}
