// Stage 4: do not repeat what already follows the cursor. A completion whose line would equal the
// next line of the document is dropped; a multi-line one is cut where it starts repeating the
// following lines. The comparison also holds when the rest of the cursor line is punctuation only
// (`<cursor>;` above a line that already reads `return () => clearInterval(interval);`).
import type { Stage } from "./context";

const PUNCTUATION_ONLY = /^[\s)\]};,.]*$/;

export const dropRepeatedLines: Stage = (text, ctx) => {
  const next = ctx.followingLines.map((l) => l.trim()).filter((l) => l !== "");
  if (next.length === 0 || text === "") return text;
  const lines = text.split("\n");

  // The cursor line as it would read after accepting (first line only), and, when the rest of the line
  // is punctuation only, as the completion alone writes it.
  const written = (ctx.linePrefix + lines[0]).trim();
  const firstLines = [lines.length === 1 ? (ctx.linePrefix + lines[0] + ctx.lineSuffix).trim() : written];
  if (PUNCTUATION_ONLY.test(ctx.lineSuffix)) firstLines.push(written);
  if (lines[0].trim() !== "" && firstLines.some((l) => l.length > 1 && l === next[0])) return "";

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
