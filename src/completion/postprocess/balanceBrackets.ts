// Stage 6: balance brackets. A closing bracket that closes something opened before the cursor ends
// the completion when the text after the cursor already starts with it; a mismatched closer ends it
// too. Brackets the completion opened and left open are closed: inline ones at the end of the text;
// a block opener that ends a line is closed on a new line (multi-line) or left for the user to
// continue (single-line), and so is one the document's next line already closes. Nothing is
// appended when the text ends inside a string literal.
import { CLOSERS, endsInString, OPENERS, scanBrackets } from "./brackets";
import { indentOf, indentWidth, type PostProcessContext, type Stage } from "./context";
import { spansLines } from "./nextLineStart";

export const balanceBrackets: Stage = (text, ctx) => {
  const multiline = spansLines(text, ctx);
  const stack: { char: string; index: number }[] = [];
  const suffixHead = ctx.lineSuffix.trimStart()[0];
  let cut = text.length;
  for (const ev of scanBrackets(text)) {
    if (ev.kind === "open") {
      stack.push({ char: ev.char, index: ev.index });
      continue;
    }
    const top = stack[stack.length - 1];
    if (top) {
      if (top.char === CLOSERS[ev.char]) stack.pop();
      else {
        cut = ev.index; // "(]": the rest is not code
        break;
      }
    } else if (ev.char === suffixHead) {
      cut = ev.index; // the line already closes it after the cursor
      break;
    }
  }
  let out = text.slice(0, cut);
  if (cut < text.length) {
    out = out.trimEnd();
    // Brackets opened after the cut are gone from the stack already; keep only those before it.
    while (stack.length && stack[stack.length - 1].index >= cut) stack.pop();
  }
  if (stack.length === 0) return out;
  // Closers appended inside an unfinished string literal would be part of the string.
  if (endsInString(out)) return out;

  const top = stack[stack.length - 1];
  if (!multiline && out.slice(top.index + 1).trim() === "") {
    // "if (x) {" at the end of a single line: the user goes on on the next line.
    return out;
  }
  for (let s = stack.length - 1; s >= 0; s--) {
    const { char, index } = stack[s];
    const start = out.lastIndexOf("\n", index - 1) + 1;
    const eol = out.indexOf("\n", index);
    const opensBlock = out.slice(index + 1, eol < 0 ? undefined : eol).trim() === "";
    if (!opensBlock || !multiline) {
      // `{ x: 1` closes as `{ x: 1 }`: spaced as it was opened.
      out += (out[index + 1] === " " && !out.endsWith(" ") ? " " : "") + OPENERS[char];
      continue;
    }
    // A block closes on a line of its own, indented like the line that opened it.
    const openerLine = (start === 0 ? ctx.linePrefix : "") + out.slice(start, eol < 0 ? undefined : eol);
    // `if (a > b` + `) {\n  return a` above `} else {`: the document closes it (and what encloses it).
    if (closedByNextLine(OPENERS[char], openerLine, ctx)) break;
    const lastStart = out.lastIndexOf("\n") + 1;
    if (out.slice(lastStart).trim() === "" && lastStart > 0) out = out.slice(0, lastStart);
    else out += "\n";
    out += indentOf(openerLine) + OPENERS[char];
  }
  return out;
};

/** The document's next non-blank line starts with `closer` at the indentation of the block's opener. */
function closedByNextLine(closer: string, openerLine: string, ctx: PostProcessContext): boolean {
  const next = ctx.followingLines.find((l) => l.trim() !== "");
  return next !== undefined && next.trim().startsWith(closer) && indentWidth(next) === indentWidth(openerLine);
}
