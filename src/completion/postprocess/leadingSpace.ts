// Stage 2: no doubled space at the cursor. When the text before the cursor ends with a space after
// some code ("return "), a completion that starts with spaces ("  x") would leave a double space:
// models often write the space a word token carries although the prompt already ends with one.
import type { Stage } from "./context";

export const collapseLeadingSpace: Stage = (text, ctx) => {
  if (!/\S[ \t]$/.test(ctx.linePrefix)) return text;
  return text.replace(/^[ \t]+/, "");
};
