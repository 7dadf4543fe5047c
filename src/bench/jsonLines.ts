// Reads a JSONL file: one parsed value per non-blank line, with the `path:line` to name in messages.
// Task files and replay sessions both use it; each checks its own fields.
import { readFile } from "node:fs/promises";

export interface JsonLine {
  row: unknown;
  /** `path:line`, for error messages. */
  where: string;
  /** 0-based line index in the file. */
  index: number;
}

export async function readJsonLines(path: string): Promise<JsonLine[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new Error(`cannot read tasks file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const lines: JsonLine[] = [];
  text.split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    const where = `${path}:${i + 1}`;
    try {
      lines.push({ row: JSON.parse(line), where, index: i });
    } catch {
      throw new Error(`${where}: not valid JSON`);
    }
  });
  return lines;
}
