// Stage 4: do not repeat what already follows the cursor. A completion whose line would equal the
// next line of the document is dropped; a multi-line one is cut where it starts repeating the
// following lines, or where two of its lines in a row are lines the document has a little further
// down. The comparison also holds when the rest of the cursor line is punctuation only
// (`<cursor>;` above a line that already reads `return () => clearInterval(interval);`).
import { scanBrackets } from "./brackets";
import { indentWidth, type Stage } from "./context";

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

  const nextRaw = ctx.followingLines.filter((l) => l.trim() !== "");
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === "" || line !== next[0]) continue;
    if (CLOSER_ONLY.test(line) && !closerRepeats(lines, i, nextRaw)) continue;
    return lines.slice(0, i).join("\n");
  }
  const run = repeatedRun(lines, next);
  return run === undefined ? text : lines.slice(0, run).join("\n");
};

/**
 * Where the completion starts writing two lines in a row that the document has a little further down
 * (a model that copies the method after the cursor): the index of the first of them, if any.
 */
function repeatedRun(lines: readonly string[], next: readonly string[]): number | undefined {
  const written = lines.map((l, i) => ({ i, line: l.trim() })).filter((l) => l.line !== "");
  for (let k = 0; k + 1 < written.length; k++) {
    const [a, b] = [written[k].line, written[k + 1].line];
    if (CLOSER_ONLY.test(a) || CLOSER_ONLY.test(b) || a.length + b.length < 12) continue;
    for (let j = 0; j + 1 < next.length; j++) if (next[j] === a && next[j + 1] === b) return written[k].i;
  }
  return undefined;
}

/** A line of closers only (`}`, `});`, `end`): equal text says little, so more must agree. */
const CLOSER_ONLY = /^(?:[)\]}]+[;,)]*|end[;,]?)$/;

/**
 * A closer line equal to the document's next line repeats it only when it sits at the same
 * indentation, does not just close blocks the completion itself opened, and the lines after it (when
 * both sides have one) agree too.
 */
function closerRepeats(lines: readonly string[], i: number, nextRaw: readonly string[]): boolean {
  if (indentWidth(lines[i]) !== indentWidth(nextRaw[0])) return false;
  let depth = 0;
  for (const ev of scanBrackets(lines.slice(0, i).join("\n"))) depth += ev.kind === "open" ? 1 : -1;
  let closes = 0;
  for (const ev of scanBrackets(lines[i])) closes += ev.kind === "close" ? 1 : -1;
  // It closes only what the completion opened: its own closer, not the document's.
  if (depth > 0 && closes <= depth) return false;
  const rest = lines.slice(i + 1).map((l) => l.trim()).filter((l) => l !== "");
  return rest.length === 0 || (nextRaw.length > 1 && rest[0] === nextRaw[1].trim());
}
