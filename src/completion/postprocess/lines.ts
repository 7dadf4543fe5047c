// Stage 3: single-line vs multi-line. A single-line completion ends at the first newline; a
// multi-line one ends where its block ends: at a line indented less than the cursor line, after the
// line that closes a block the completion (or the cursor line) opened, or at two blank lines in a row.
import { scanBrackets } from "./brackets";
import { indentWidth, type Stage } from "./context";

export const limitLines: Stage = (text, ctx) => {
  if (!ctx.multiline) {
    const nl = text.indexOf("\n");
    return nl < 0 ? text : text.slice(0, nl);
  }
  const lines = text.split("\n");
  // The first line continues the cursor line: its indentation is the cursor line's.
  const base = indentWidth(ctx.linePrefix);
  const kept: string[] = [lines[0]];
  // Brackets the cursor line left open count too: "function f() {" + completion ends at its "}".
  const open = Math.max(0, lineDepthChange(ctx.linePrefix));
  let depth = open + lineDepthChange(lines[0]);
  let opened = open > 0 || depth > 0;
  if (opened && depth <= 0) return lines[0];
  let blankRun = 0;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === "") {
      blankRun++;
      if (blankRun >= 2) break;
      kept.push(line);
      continue;
    }
    blankRun = 0;
    if (indentWidth(line) < base) break;
    kept.push(line);
    depth += lineDepthChange(line);
    if (depth > 0) opened = true;
    if (opened && depth <= 0) break;
  }
  return kept.join("\n");
};

/** Openers minus closers on one line, strings skipped. */
function lineDepthChange(line: string): number {
  let d = 0;
  for (const ev of scanBrackets(line)) d += ev.kind === "open" ? 1 : -1;
  return d;
}
