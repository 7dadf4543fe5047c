// Stage 7: no trailing whitespace, and nothing at all when only whitespace is left.
import type { Stage } from "./context";

export const dropEmpty: Stage = (text) => {
  const trimmed = text.replace(/\s+$/, "");
  return trimmed.trim() === "" ? "" : trimmed;
};
