// Cutting a document into the chunks the ring holds: a few dozen whole lines around a line of
// interest, each line and the chunk bounded in characters (a minified file has lines of megabytes).
// Pure: the replay benchmark cuts a session's files the same way.

export interface ChunkShape {
  /** Lines per chunk (llama.vim: 64). */
  lines: number;
  /** Characters per line kept; a longer line is cut. */
  maxLineChars: number;
  /** Characters per chunk; lines past it are left out. */
  maxChars: number;
}

export const DEFAULT_CHUNK_SHAPE: ChunkShape = { lines: 64, maxLineChars: 400, maxChars: 4096 };

/** The lines of `text`; the empty string after its last newline is not a line. */
function linesOf(text: string): string[] {
  const lines = text.split("\n");
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** Lines `from`..`to` (exclusive) of `text`, bounded by `shape`, each ending in "\n". */
export function cutLines(text: string, from: number, to: number, shape: ChunkShape = DEFAULT_CHUNK_SHAPE): string {
  const lines = linesOf(text);
  let out = "";
  for (let i = Math.max(0, from); i < Math.min(to, lines.length); i++) {
    const line = lines[i].replace(/\r$/, "").slice(0, shape.maxLineChars) + "\n";
    if (out.length + line.length > shape.maxChars) break;
    out += line;
  }
  return out.trim() ? out : "";
}

/** The chunk of `shape.lines` lines centred on `line` (moved inside the document at its ends). */
export function chunkAround(text: string, line: number, shape: ChunkShape = DEFAULT_CHUNK_SHAPE): string {
  const count = linesOf(text).length;
  const start = Math.max(0, Math.min(line - Math.floor(shape.lines / 2), count - shape.lines));
  return cutLines(text, start, start + shape.lines, shape);
}

/** The chunk at the top of the document: imports and the first declarations. */
export function headChunk(text: string, shape: ChunkShape = DEFAULT_CHUNK_SHAPE): string {
  return cutLines(text, 0, shape.lines, shape);
}

/** The chunk starting at `line` (a definition and what follows it). */
export function chunkFrom(text: string, line: number, lines: number, shape: ChunkShape = DEFAULT_CHUNK_SHAPE): string {
  return cutLines(text, line, line + lines, shape);
}
