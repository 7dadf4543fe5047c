// Where a multi-line completion's block ends. Two decisions for the line stage:
// - A line that closes the block the cursor is in ends the completion: real models close the method
//   and go on with the next one (`\n    }\n\n    public void subtract…`); only the closer is shown,
//   and not even that when the document already closes the block on the next line.
// - A block the completion opened ends it when it closes, unless the cursor sits in an indented body
//   and the block is a statement's (`if`, `for`, `try`…): then the body goes on after it, up to the
//   enclosing block's end. A declaration's block (a method, a selector's rules) always ends it.
import { indentWidth, type PostProcessContext } from "./context";

const CLOSER_START = /^\s*[)\]}]/;
const CONTROL_STATEMENT = /^\s*(?:\}\s*)?(?:if|else|elif|for|foreach|while|do|switch|try|catch|finally|with|using|lock|unless|until|loop|match|select|synchronized)\b/;

/** What to do with a line that closes a bracket opened before the completion. */
export type EnclosingCloser = "keep-and-end" | "end-before";

/**
 * `lowest`: the lowest bracket depth reached within the line, counted from the cursor's block (0);
 * `after`: the depth after it. Undefined when the line stays inside the cursor's block.
 */
export function enclosingCloser(line: string, lowest: number, after: number, ctx: PostProcessContext): EnclosingCloser | undefined {
  if (lowest >= 0) return undefined;
  // Code before the closer (`value)) {` continuing the cursor line) is the line's own: it is kept
  // and the bracket stage decides where it ends.
  if (!CLOSER_START.test(line)) return "keep-and-end";
  if (after >= 0) {
    // `): Int {` ends a signature that spans lines and opens its body: the completion goes on.
    if (/^\s*[)\]]/.test(line)) return undefined;
    // `} else {` and the like continue the block structure outside the cursor's block: not ours to write.
    return "end-before";
  }
  if (alreadyClosed(line, ctx)) return "end-before";
  return "keep-and-end";
}

/** The document's next non-blank line closes the same kind of block at the same or a deeper indentation. */
function alreadyClosed(line: string, ctx: PostProcessContext): boolean {
  const next = ctx.followingLines.find((l) => l.trim() !== "");
  if (next === undefined) return false;
  return next.trim()[0] === line.trim()[0] && indentWidth(next) >= indentWidth(line);
}

/** Whether the closing of a block the completion opened on `openerLine` ends the completion. */
export function blockEndsCompletion(openerLine: string, ctx: PostProcessContext): boolean {
  // The completion continues the cursor line (a signature, a selector): its block is the completion.
  if (ctx.linePrefix.trim() !== "") return true;
  // At the top level a completed block is a whole unit (a function, a statement).
  if (indentWidth(ctx.linePrefix) === 0) return true;
  return !CONTROL_STATEMENT.test(openerLine);
}

/**
 * A signature whose closing bracket came on the cursor line's completion goes on when the next line
 * opens its body on a line of its own (`public Person(string name, int ` + `age)\n    {`).
 */
export function bodyOnNextLine(lines: readonly string[]): boolean {
  return lines.length > 1 && /^\s*\{\s*$/.test(lines[1]);
}
