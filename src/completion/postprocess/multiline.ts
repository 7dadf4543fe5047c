// Whether a completion may span several lines, from the setting and the cursor's context.

export type MultilineSetting = "auto" | "always" | "never";

const BLOCK_OPENER = /[{([:]\s*$|=>\s*$|\b(then|do|else)\s*$/;

/**
 * "auto": several lines when the rest of the cursor line is empty (or only closers) and the cursor
 * sits on a blank line or right after a block opener; otherwise finish the current line.
 */
export function decideMultiline(setting: MultilineSetting, linePrefix: string, lineSuffix: string): boolean {
  if (setting === "always") return true;
  if (setting === "never") return false;
  if (!/^[\s)\]};,]*$/.test(lineSuffix)) return false;
  return linePrefix.trim() === "" || BLOCK_OPENER.test(linePrefix);
}
