// What is never gathered, decided from facts about a file (the editor side collects them): other
// schemes than files and untitled documents, files over a size limit, binary files, files that
// .gitignore or files.exclude leave out (gitignore.ts, fileFilter.ts), and files outside the open
// folders (the user's own settings file, a download) while a folder is open. Pure.

/** Files larger than this (characters) are not read for context: generated or data files. */
export const MAX_FILE_CHARS = 256 * 1024;

/** How much of a file's start is looked at to tell binary from text. */
const BINARY_SAMPLE = 8000;

export type Refusal = "scheme" | "tooLarge" | "binary" | "ignored" | "excluded" | "outsideFolders";

/** A NUL character, or mostly undecodable characters, in the first 8000: a binary file read as text. */
export function looksBinary(text: string): boolean {
  const sample = text.slice(0, BINARY_SAMPLE);
  if (sample.includes("\u0000")) return true;
  let bad = 0;
  for (const ch of sample) if (ch === "\ufffd") bad++;
  return sample.length > 0 && bad / sample.length > 0.1;
}

/** The refusal that facts about the document alone give (scheme, size, content), if any. */
export function refusalOf(doc: { scheme: string; text: string }): Refusal | undefined {
  if (doc.scheme !== "file" && doc.scheme !== "untitled") return "scheme";
  if (doc.text.length > MAX_FILE_CHARS) return "tooLarge";
  if (looksBinary(doc.text)) return "binary";
  return undefined;
}
