// Stage 3: a completion that starts by writing again what the cursor line already ends with loses the
// repeated part: "return " + "return a" would read "return return a", "this." + "this.x" would read
// "this.this.x". Models also restart the whole line, indentation included ("    this." +
// "    this.x"). Only whole pieces of the line count: the repeated part starts where a word or the
// line's code starts, holds at least MIN_WORD_CHARS word characters, and the completion does not go
// on with the same word ("ret" + "return" is the word "return", not a repeat).
import type { Stage } from "./context";

const MIN_WORD_CHARS = 2;
const WORD = /[\p{L}\p{N}_$]/u;
const WORDS = /[\p{L}\p{N}_$]/gu;

export const dropRepeatedPrefix: Stage = (text, ctx) => {
  const line = ctx.linePrefix;
  const code = line.length - line.trimStart().length;
  if (code === line.length) return text;
  // A restart of the whole line may come with indentation of its own.
  const restart = text.replace(/^[ \t]+/, "");
  // Longest first: "x = this." before "this.".
  for (let start = code; start < line.length; start++) {
    if (start > code && WORD.test(line[start - 1])) continue; // not the start of a word
    if (/\s/.test(line[start])) continue;
    const tail = line.slice(start);
    if ((tail.match(WORDS) ?? []).length < MIN_WORD_CHARS) continue;
    const body = start === code ? restart : text;
    if (!body.startsWith(tail)) continue;
    const next = body[tail.length];
    // The completion goes on with the same word: it may be a longer word, not a repeat.
    if (next !== undefined && WORD.test(tail[tail.length - 1]) && WORD.test(next)) continue;
    return body.slice(tail.length);
  }
  return text;
};
