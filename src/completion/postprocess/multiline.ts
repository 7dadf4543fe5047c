// Whether a completion may span several lines, from the setting and the cursor's context.
import { declaresAtCursor } from "./declares";

export type MultilineSetting = "auto" | "always" | "never";
export const MULTILINE_SETTINGS: readonly MultilineSetting[] = ["auto", "always", "never"];

const BLOCK_OPENER = /[{([:]\s*$|=>\s*$|\b(then|do|else)\s*$/;

/** What the decision may look at besides the cursor line (the editor and the CLI pass both). */
export interface MultilineHints {
  /** The nearest non-blank line above the cursor line. */
  previousLine?: string;
  /** VS Code's language id of the document. */
  languageId?: string;
}

/**
 * "auto": several lines when the rest of the cursor line is empty (or only closers) and the cursor
 * sits on a blank line, right after a block opener, or after something that declares or opens a body
 * (see declares.ts); otherwise finish the current line.
 */
export function decideMultiline(setting: MultilineSetting, linePrefix: string, lineSuffix: string, hints: MultilineHints = {}): boolean {
  if (setting === "always") return true;
  if (setting === "never") return false;
  if (!/^[\s)\]};,]*$/.test(lineSuffix)) return false;
  if (linePrefix.trim() === "" || BLOCK_OPENER.test(linePrefix)) return true;
  return declaresAtCursor({ linePrefix, ...hints });
}
