// The place a completion goes, as post-processing sees it, from the document text and the cursor:
// one function for the editor's service and the `postprocess` command, so both make the same
// multi-line decision on the same lines.
import { buildDocumentContext, DEFAULT_CONTEXT_LIMITS, type ContextLimits, type DocumentContext } from "../documentContext";
import type { PostProcessContext } from "./context";
import { decideMultiline, type MultilineSetting } from "./multiline";

export interface CursorContext {
  doc: DocumentContext;
  ctx: PostProcessContext;
}

export function cursorContext(
  text: string,
  offset: number,
  setting: MultilineSetting,
  languageId: string | undefined,
  limits: ContextLimits = DEFAULT_CONTEXT_LIMITS,
): CursorContext {
  const doc = buildDocumentContext(text, offset, limits);
  const multiline = decideMultiline(setting, doc.linePrefix, doc.lineSuffix, { previousLine: previousLine(doc.prefix), languageId });
  return { doc, ctx: { linePrefix: doc.linePrefix, lineSuffix: doc.lineSuffix, followingLines: doc.followingLines, multiline } };
}

/** The nearest non-blank line above the cursor line in `prefix`, if any. */
export function previousLine(prefix: string): string | undefined {
  let end = prefix.lastIndexOf("\n");
  while (end > 0) {
    const start = prefix.lastIndexOf("\n", end - 1) + 1;
    const line = prefix.slice(start, end).replace(/\r$/, "");
    if (line.trim() !== "") return line;
    end = start - 1;
  }
  return undefined;
}
