// What post-processing knows about the place a completion goes.

export interface PostProcessContext {
  /** Text of the cursor line before the cursor. */
  linePrefix: string;
  /** Text of the cursor line after the cursor. */
  lineSuffix: string;
  /** Document lines after the cursor line, nearest first (a bounded number is enough). */
  followingLines: string[];
  /** Whether the completion may span several lines. */
  multiline: boolean;
}

export type Stage = (text: string, ctx: PostProcessContext) => string;

/** Leading whitespace of a line. */
export function indentOf(line: string): string {
  return /^[ \t]*/.exec(line)![0];
}

/** Indentation width, a tab counted as 4 columns. */
export function indentWidth(line: string): number {
  let width = 0;
  for (const ch of indentOf(line)) width += ch === "\t" ? 4 : 1;
  return width;
}
