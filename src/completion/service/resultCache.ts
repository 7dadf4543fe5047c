// The LRU of earlier results, keyed by everything that decides the answer: the context the models
// see (the document window and the chunks from other files), the multi-line decision and the decoding
// settings.
import type { DecodeSettings, PromptContext, TokenEvent } from "../../engine/types";
import { contextIdentity } from "../context/identity";
import type { DocumentContext } from "../documentContext";
import { LruCache } from "../lru";
import type { PostProcessContext } from "../postprocess";

export interface CacheEntry {
  text: string;
  tokens: TokenEvent[];
  /** Shown character -> raw text index (see Outcome.map). */
  map: number[];
  threshold: number;
}

export function cacheKey(doc: DocumentContext, ctx: PostProcessContext, s: DecodeSettings, context?: PromptContext): string {
  return [
    contextIdentity(context),
    doc.prefix.slice(-3000),
    doc.suffix.slice(0, 1000),
    ctx.multiline,
    s.mode,
    s.threshold,
    s.window,
    s.topK,
    s.stability,
    s.hysteresis,
    s.minStay,
    s.maxTokens,
    s.draftTokens,
    s.rollbackBound,
    s.firstPosition,
  ].join("\u0000");
}

export class ResultCache {
  private readonly lru: LruCache<string, CacheEntry>;

  constructor(capacity = 100) {
    this.lru = new LruCache(capacity);
  }

  get(key: string): CacheEntry | undefined {
    return this.lru.get(key);
  }

  has(key: string): boolean {
    return this.lru.get(key) !== undefined;
  }

  set(key: string, entry: CacheEntry): void {
    this.lru.set(key, entry);
  }

  clear(): void {
    this.lru.clear();
  }
}
