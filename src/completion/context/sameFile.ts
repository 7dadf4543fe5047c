// Code of the current file outside the prefix/suffix window (documentContext.ts cuts the window): the
// top of the file (imports, declarations) when the window starts below it, and the lines right after
// the window. It depends on the window, which moves in steps, not on every keystroke. Pure.
import { cutLines, DEFAULT_CHUNK_SHAPE, type ChunkShape } from "./chunks";

export interface Window {
  /** Document offset where the prefix starts. */
  start: number;
  /** Document offset where the suffix ends. */
  end: number;
}

/** At most two chunks: the file's top above the window, then what follows the window. */
export function outsideWindow(text: string, window: Window, shape: ChunkShape = DEFAULT_CHUNK_SHAPE): string[] {
  const chunks: string[] = [];
  // Only as much text as a chunk can hold is split into lines (a keystroke in a large file must stay cheap).
  const reach = shape.lines * (shape.maxLineChars + 1);
  if (window.start > 0) {
    const above = text.slice(0, Math.min(window.start, reach));
    // Whole lines only: the line the window starts in is (partly) in the prefix already.
    const wholeLines = above.length === window.start ? above.split("\n").length - 1 : shape.lines;
    const top = cutLines(above, 0, Math.min(shape.lines, wholeLines), shape);
    if (top) chunks.push(top);
  }
  if (window.end < text.length) {
    // The window ends on a whole line when it can; otherwise the rest of its last line is skipped.
    let from = window.end;
    if (text[from - 1] !== "\n") {
      const nl = text.indexOf("\n", from);
      from = nl < 0 ? text.length : nl + 1;
    }
    const after = cutLines(text.slice(from, from + reach), 0, shape.lines, shape);
    if (after) chunks.push(after);
  }
  return chunks;
}
