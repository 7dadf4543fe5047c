// Undo and redo put text back character for character; its colours should come back with it. When an
// edit removes coloured characters, their ranges are remembered (relative to where the edit was); an
// undo or redo that inserts exactly as many characters at that same place gets them back. Pure: no
// vscode import.
import type { TextEdit, TrackedRange } from "./tracker";

interface Removed {
  offset: number;
  length: number;
  /** Ranges relative to `offset`, clipped to the removed span. */
  ranges: TrackedRange[];
}

/** How many removals each document remembers (older ones are forgotten). */
const KEPT = 50;

export class RemovedColours {
  private readonly docs = new Map<string, Removed[]>();

  /** Call before `edit` is applied to `ranges` (sorted): remembers the coloured characters it removes. */
  noteRemoval(uri: string, ranges: readonly TrackedRange[], edit: TextEdit): void {
    if (edit.rangeLength === 0) return;
    const from = edit.rangeOffset;
    const to = from + edit.rangeLength;
    const cut: TrackedRange[] = [];
    for (const r of ranges) {
      const start = Math.max(r.start, from);
      const end = Math.min(r.end, to);
      if (end > start) cut.push({ start: start - from, end: end - from, info: r.info });
    }
    if (cut.length === 0) return;
    const list = this.docs.get(uri) ?? [];
    list.push({ offset: from, length: edit.rangeLength, ranges: cut });
    if (list.length > KEPT) list.shift();
    this.docs.set(uri, list);
  }

  /**
   * For an undo or redo edit: the ranges to put back once it is applied (document offsets), when it
   * inserts as many characters as a remembered removal took at the same place; undefined otherwise.
   */
  takeRestore(uri: string, edit: TextEdit): TrackedRange[] | undefined {
    const list = this.docs.get(uri);
    if (!list || edit.text.length === 0) return undefined;
    for (let i = list.length - 1; i >= 0; i--) {
      const removed = list[i];
      if (removed.offset !== edit.rangeOffset || removed.length !== edit.text.length) continue;
      list.splice(i, 1);
      if (list.length === 0) this.docs.delete(uri);
      return removed.ranges.map((r) => ({ start: r.start + removed.offset, end: r.end + removed.offset, info: r.info }));
    }
    return undefined;
  }

  forget(uri?: string): void {
    if (uri === undefined) this.docs.clear();
    else this.docs.delete(uri);
  }
}
