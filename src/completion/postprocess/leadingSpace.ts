// Stage 2: no doubled space at the cursor. When the text before the cursor ends with a space after
// some code ("return "), a completion that starts with spaces ("  x") would leave a double space:
// models often write the space a word token carries although the prompt already ends with one.
// On a line of indentation only, one space before code (" AND EXISTS …" after ten spaces) is that
// same word-token space: it is dropped when it would make the indentation odd. Wider runs are the
// model's own indentation and stay.
import { indentWidth, type Stage } from "./context";

export const collapseLeadingSpace: Stage = (text, ctx) => {
  if (/\S[ \t]$/.test(ctx.linePrefix)) return text.replace(/^[ \t]+/, "");
  const indentOnly = ctx.linePrefix !== "" && ctx.linePrefix.trim() === "";
  // " * @param" continues a block comment: that space is the comment's own.
  if (indentOnly && indentWidth(ctx.linePrefix) % 2 === 0 && /^ [^\s*]/.test(text)) return text.slice(1);
  return text;
};
