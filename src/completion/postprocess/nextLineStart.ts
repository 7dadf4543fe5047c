// A completion that begins with a newline at the end of a non-empty line starts the next line (a
// YAML key under the last one, the `}` a function is missing, an F# record field): it is shown,
// bounded like a multi-line one, even where the cursor line alone asked for a single line.
import type { PostProcessContext } from "./context";

export function beginsOnNextLine(text: string, ctx: PostProcessContext): boolean {
  return ctx.lineSuffix.trim() === "" && ctx.linePrefix.trim() !== "" && /^[ \t]*\n/.test(text);
}

/** Whether `text` may span several lines here: the cursor's decision, or a start on the next line. */
export function spansLines(text: string, ctx: PostProcessContext): boolean {
  return ctx.multiline || beginsOnNextLine(text, ctx);
}
