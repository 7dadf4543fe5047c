// The ring of code chunks gathered from the rest of the project (files opened, left, saved, copied,
// definitions). Oldest first and new chunks appended, so the prompt block built from it changes only at
// its end and the engine re-evaluates only from the first changed chunk. A chunk whose lines mostly
// repeat a new one is evicted (the same region read again after an edit), as llama.vim does.
// Pure: no editor APIs, so the replay benchmark fills it from a session's files the same way.

/** A chunk with where it came from; only `path` and `text` reach the prompt. */
export interface RingChunk {
  /** Path relative to its repository (workspace folder), as the prompt shows it. */
  path: string;
  text: string;
  /** The document's URI (the current document's own chunks are left out of its prompt). */
  source?: string;
  /** The workspace folder's URI, undefined outside any folder (untrusted workspaces keep the current folder's only). */
  folder?: string;
}

export interface RingLimits {
  /** Most chunks kept. */
  maxChunks: number;
  /** Most characters kept, all chunks together. */
  maxChars: number;
  /** A chunk whose line similarity with a new one reaches this is evicted (0..1). */
  evictSimilarity: number;
}

/** llama.vim keeps 16 chunks of 64 lines and evicts at 90 % similar lines. */
export const DEFAULT_RING_LIMITS: RingLimits = { maxChunks: 16, maxChars: 32_768, evictSimilarity: 0.9 };

interface Entry {
  chunk: RingChunk;
  lines: string[];
}

/**
 * Share of lines two chunks have in common: 2 * common / (lines of a + lines of b), a line of `a`
 * counting as common when `b` has it too (llama.vim's measure). 1 for two equal chunks.
 */
export function lineSimilarity(a: readonly string[], b: readonly string[]): number {
  if (a.length + b.length === 0) return 1;
  const inB = new Set(b);
  let common = 0;
  for (const line of a) if (inB.has(line)) common++;
  return (2 * common) / (a.length + b.length);
}

const splitLines = (text: string) => text.split("\n").map((l) => l.trimEnd());

export class ChunkRing {
  private entries: Entry[] = [];
  private chars = 0;
  private changes = 0;

  constructor(readonly limits: RingLimits = DEFAULT_RING_LIMITS) {
    if (!(limits.maxChunks >= 1) || !(limits.maxChars >= 1)) throw new Error(`ChunkRing needs room for a chunk; got ${limits.maxChunks} chunks, ${limits.maxChars} characters.`);
    if (!(limits.evictSimilarity > 0 && limits.evictSimilarity <= 1)) throw new Error(`evictSimilarity must be in (0, 1]; got ${limits.evictSimilarity}.`);
  }

  /** The chunks, oldest first. */
  get chunks(): readonly RingChunk[] {
    return this.entries.map((e) => e.chunk);
  }

  /** Total characters of the chunks' texts. */
  get size(): number {
    return this.chars;
  }

  /** Counts changes (adds and evictions), so a watcher can tell the chunk set changed. */
  get version(): number {
    return this.changes;
  }

  /**
   * Appends `chunk` after evicting the chunks it nearly repeats, then the oldest ones while over a
   * bound. A chunk equal to one already held changes nothing (the block keeps its order); an empty one
   * or one larger than the whole ring is refused. Says whether the ring changed.
   */
  add(chunk: RingChunk): boolean {
    if (!chunk.text.trim() || chunk.text.length > this.limits.maxChars) return false;
    if (this.entries.some((e) => e.chunk.path === chunk.path && e.chunk.text === chunk.text)) return false;
    const lines = splitLines(chunk.text);
    this.entries = this.entries.filter((e) => {
      const keep = lineSimilarity(e.lines, lines) < this.limits.evictSimilarity;
      if (!keep) this.chars -= e.chunk.text.length;
      return keep;
    });
    this.entries.push({ chunk, lines });
    this.chars += chunk.text.length;
    while (this.entries.length > this.limits.maxChunks || this.chars > this.limits.maxChars) {
      this.chars -= this.entries.shift()!.chunk.text.length;
    }
    this.changes++;
    return true;
  }

  /** Drops every chunk from `source` (a deleted file, or one now excluded). Says whether any went. */
  removeSource(source: string): boolean {
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => e.chunk.source !== source);
    if (this.entries.length === before) return false;
    this.chars = this.entries.reduce((n, e) => n + e.chunk.text.length, 0);
    this.changes++;
    return true;
  }

  clear(): void {
    if (!this.entries.length) return;
    this.entries = [];
    this.chars = 0;
    this.changes++;
  }
}
