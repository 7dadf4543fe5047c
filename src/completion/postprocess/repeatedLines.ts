// Stage 4: do not repeat what already follows the cursor. A completion whose line would equal the
// next line of the document is dropped; a multi-line one is cut where it starts repeating the
// following lines.
import type { Stage } from "./context";

export const dropRepeatedLines: Stage = (text, ctx) => {
  const next = ctx.followingLines.map((l) => l.trim()).filter((l) => l !== "");
  if (next.length === 0 || text === "") return text;
  const lines = text.split("\n");

  // The cursor line as it would read after accepting (first line only).
  const firstLine = (ctx.linePrefix + lines[0] + (lines.length === 1 ? ctx.lineSuffix : "")).trim();
  if (lines[0].trim() !== "" && firstLine.length > 1 && firstLine === next[0]) return "";

  for (let i = 1; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === "" || line !== next[0]) continue;
    // Short lines such as "}" repeat by chance: ask for the following line to match too, when
    // both sides have one.
    const rest = lines.slice(i + 1).map((l) => l.trim()).filter((l) => l !== "");
    if (line.length <= 2 && rest.length > 0 && next.length > 1 && rest[0] !== next[1]) continue;
    return lines.slice(0, i).join("\n");
  }
  return text;
};
