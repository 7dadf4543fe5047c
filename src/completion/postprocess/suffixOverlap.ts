// Stage 5: trim overlap with the text after the cursor. When the completion ends with what the line
// already has after the cursor (a closing bracket or quote the editor inserted, or the rest of the
// line), that part is not inserted twice.
import type { Stage } from "./context";

export const trimSuffixOverlap: Stage = (text, ctx) => {
  const suffix = ctx.lineSuffix.trimEnd();
  if (suffix === "" || text === "") return text;
  const body = text.trimEnd();
  // Longest k such that the completion ends with the first k characters of the suffix.
  for (let k = Math.min(suffix.length, body.length); k > 0; k--) {
    if (body.endsWith(suffix.slice(0, k))) return body.slice(0, body.length - k);
  }
  // The completion may also end with the suffix's text after its leading spaces.
  const trimmed = suffix.trimStart();
  if (trimmed !== suffix && trimmed !== "" && body.endsWith(trimmed)) return body.slice(0, body.length - trimmed.length).trimEnd();
  return text;
};
