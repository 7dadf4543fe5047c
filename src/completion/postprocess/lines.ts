// Stage 3: single-line vs multi-line. A single-line completion ends at the first newline (unless it
// begins on the next line: nextLineStart.ts). A multi-line one ends where its block ends:
// - at a line indented less than the cursor line (a closer of a block it opened excepted);
// - at the line that closes the block the cursor is in (blockEnd.ts);
// - after the block it or the cursor line opened (blockEnd.ts says which blocks count);
// - when the cursor line declares something and the completion finishes that line without opening a
//   body (a field), at the end of the line; when the body is indented below it (Python, YAML, Ruby),
//   at the first line back at the cursor line's indentation (an `end` there is kept);
// - after the line that closes a multi-line string the cursor line opened (longString.ts);
// - at two blank lines in a row.
import { bodyOnNextLine, blockEndsCompletion, enclosingCloser } from "./blockEnd";
import { scanBrackets } from "./brackets";
import { indentWidth, type PostProcessContext, type Stage } from "./context";
import { openLongString, untilStringCloses } from "./longString";
import { spansLines } from "./nextLineStart";

const CLOSER_LINE = /^\s*(?:[)\]}]|end\b)/;

export const limitLines: Stage = (text, ctx) => {
  if (!spansLines(text, ctx)) {
    const nl = text.indexOf("\n");
    return nl < 0 ? text : text.slice(0, nl);
  }
  const lines = text.split("\n");
  const quote = openLongString(ctx.linePrefix);
  if (quote !== undefined) return untilStringCloses(lines, quote).join("\n");
  // The first line continues the cursor line: its indentation is the cursor line's.
  const base = indentWidth(ctx.linePrefix);
  // Brackets the cursor line left open count too: "function f() {" + completion ends at its "}".
  const open = Math.max(0, depthChange(ctx.linePrefix).change);
  const shape = declarationShape(lines, ctx, base, open);
  if (shape === "line") return lines[0];
  const kept: string[] = [];
  let depth = open;
  let opened = open > 0;
  let endsWithBlock = open > 0;
  let blankRun = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (i > 0 && line.trim() === "") {
      blankRun++;
      if (blankRun >= 2) break;
      kept.push(line);
      continue;
    }
    blankRun = 0;
    const { change, lowest } = depthChange(line);
    const closer = enclosingCloser(line, depth + lowest, depth + change, ctx);
    if (closer === "end-before") break;
    if (closer === "keep-and-end") {
      kept.push(line);
      break;
    }
    if (i > 0 && shape === "indented-body" && indentWidth(line) <= base) {
      // Back at the declaring line's indentation: its body is over; a closing `end` belongs to it.
      if (indentWidth(line) === base && CLOSER_LINE.test(line)) kept.push(line);
      break;
    }
    if (i > 0 && indentWidth(line) < base && !(depth > 0 && CLOSER_LINE.test(line))) break;
    kept.push(line);
    if (depth === 0 && depth + change > 0 && !opened) endsWithBlock = blockEndsCompletion(i === 0 ? ctx.linePrefix + line : line, ctx);
    depth += change;
    if (depth > 0) opened = true;
    if (opened && depth <= 0) {
      if (i === 0 && open > 0 && bodyOnNextLine(lines)) {
        // The signature closed on this line; its body opens on the next one.
        opened = false;
        endsWithBlock = true;
        continue;
      }
      if (endsWithBlock) break;
      opened = false;
    }
  }
  return kept.join("\n");
};

/**
 * When the cursor line has code and the completion finishes it without opening a bracket: "line"
 * when nothing deeper follows (the line is the whole completion), "indented-body" when the next line
 * is indented below it, otherwise "free".
 */
function declarationShape(lines: readonly string[], ctx: PostProcessContext, base: number, open: number): "line" | "indented-body" | "free" {
  if (ctx.linePrefix.trim() === "" || open > 0 || depthChange(lines[0]).change > 0) return "free";
  const next = lines.slice(1).find((l) => l.trim() !== "");
  if (next !== undefined && indentWidth(next) > base) return "indented-body";
  if (lines[0].trim() === "" || bodyOnNextLine(lines)) return "free";
  return "line";
}

/** Openers minus closers on one line, strings skipped, and the lowest running count reached. */
function depthChange(line: string): { change: number; lowest: number } {
  let change = 0;
  let lowest = 0;
  for (const ev of scanBrackets(line)) {
    change += ev.kind === "open" ? 1 : -1;
    lowest = Math.min(lowest, change);
  }
  return { change, lowest };
}
