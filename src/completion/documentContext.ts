// The prompt context around the cursor, from the document text alone (no editor APIs): a bounded,
// prefix-heavy window, cut at stable points so typing does not move the cut on every keystroke (the
// engine reuses its cache only while the start of the prompt stays the same).
import type { PostProcessContext } from "./postprocess";

export interface ContextLimits {
  /** Characters of text before the cursor sent to the engine (the engine also cuts by tokens). */
  maxPrefixChars: number;
  /** Characters after the cursor sent to the engine. */
  maxSuffixChars: number;
  /** Lines after the cursor line that post-processing compares against. */
  followingLines: number;
}

export const DEFAULT_CONTEXT_LIMITS: ContextLimits = { maxPrefixChars: 6000, maxSuffixChars: 1500, followingLines: 8 };

/** The prefix start moves in steps of this many characters. */
export const PREFIX_CHAR_STEP = 1024;

/**
 * Post-processing looks at the cursor line and the following lines once per generated token; a
 * minified or binary file can have a line of megabytes, so each is cut to this many characters.
 */
export const MAX_LINE_CHARS = 1000;

export interface DocumentContext extends Omit<PostProcessContext, "multiline"> {
  prefix: string;
  suffix: string;
  /** Document offset where `prefix` starts. */
  prefixStart: number;
}

export function buildDocumentContext(text: string, offset: number, limits: ContextLimits = DEFAULT_CONTEXT_LIMITS): DocumentContext {
  offset = Math.max(0, Math.min(offset, text.length));
  let start = 0;
  if (offset > limits.maxPrefixChars) {
    start = Math.ceil((offset - limits.maxPrefixChars) / PREFIX_CHAR_STEP) * PREFIX_CHAR_STEP;
    // Start on a whole line when one begins soon after the step.
    const nl = text.indexOf("\n", start);
    if (nl >= 0 && nl < offset && nl - start < 256) start = nl + 1;
  }
  let end = Math.min(text.length, offset + limits.maxSuffixChars);
  if (end < text.length) {
    // End on a whole line when possible.
    const nl = text.lastIndexOf("\n", end - 1);
    if (nl > offset) end = nl + 1;
  }
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  let lineEnd = text.indexOf("\n", offset);
  if (lineEnd < 0) lineEnd = text.length;
  const strip = (line: string) => line.replace(/\r$/, "");
  const head = (from: number, to: number) => strip(text.slice(from, Math.min(to, from + MAX_LINE_CHARS)));
  const following: string[] = [];
  let pos = lineEnd + 1;
  while (pos <= text.length && lineEnd < text.length && following.length < limits.followingLines) {
    let next = text.indexOf("\n", pos);
    if (next < 0) next = text.length;
    following.push(head(pos, next));
    if (next >= text.length) break;
    pos = next + 1;
  }
  return {
    prefix: text.slice(start, offset),
    suffix: text.slice(offset, end),
    prefixStart: start,
    linePrefix: text.slice(Math.max(lineStart, offset - MAX_LINE_CHARS), offset),
    lineSuffix: head(offset, lineEnd),
    followingLines: following,
  };
}
