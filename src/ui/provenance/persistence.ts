// Provenance colours outlive a window reload: each document's ranges are kept in the workspace's
// storage with a hash of the text they were made on, restored when the document opens with that same
// text, and dropped when the text no longer matches. Pure (no vscode import): any Memento works.
import { createHash } from "node:crypto";
import type { TrackedRange } from "./tracker";

/** The part of vscode.Memento used here. */
export interface MementoLike {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
}

interface SavedDocument {
  /** Hash of the document text the ranges belong to. */
  hash: string;
  ranges: TrackedRange[];
  /** When it was saved (ms), to keep the most recent documents. */
  at: number;
}

export const STORAGE_KEY = "ead.provenance.documents";

export function textHash(text: string): string {
  return createHash("sha256").update(text).digest("base64");
}

export class ProvenancePersistence {
  constructor(
    private readonly memento: MementoLike,
    /** Documents kept at most; the least recently saved go first. */
    private readonly maxDocuments = 50,
    private readonly now: () => number = Date.now,
  ) {}

  private all(): Record<string, SavedDocument> {
    const value = this.memento.get<Record<string, SavedDocument>>(STORAGE_KEY);
    return value && typeof value === "object" ? { ...value } : {};
  }

  /** Keeps `ranges` for document `uri` whose text is `text` (none: forgets the document). */
  async save(uri: string, text: string, ranges: readonly TrackedRange[]): Promise<void> {
    const all = this.all();
    if (ranges.length === 0) {
      if (!(uri in all)) return;
      delete all[uri];
    } else {
      all[uri] = { hash: textHash(text), ranges: ranges.map((r) => ({ start: r.start, end: r.end, info: { ...r.info } })), at: this.now() };
      const uris = Object.keys(all).sort((a, b) => all[b].at - all[a].at);
      for (const old of uris.slice(this.maxDocuments)) delete all[old];
    }
    await this.memento.update(STORAGE_KEY, all);
  }

  /** The ranges kept for `uri` if they were made on exactly `text`; a mismatch forgets them. */
  async restore(uri: string, text: string): Promise<TrackedRange[] | undefined> {
    const all = this.all();
    const saved = all[uri];
    if (!saved) return undefined;
    const valid = saved.hash === textHash(text) && Array.isArray(saved.ranges) && saved.ranges.every((r) => r.start >= 0 && r.end > r.start && r.end <= text.length);
    if (valid) return saved.ranges;
    delete all[uri];
    await this.memento.update(STORAGE_KEY, all);
    return undefined;
  }

  async clear(): Promise<void> {
    await this.memento.update(STORAGE_KEY, undefined);
  }
}
