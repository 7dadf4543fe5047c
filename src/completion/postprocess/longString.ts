// A cursor line that opens a multi-line string (`message = """`) is followed by the string's text:
// its lines keep no indentation rule, and the completion ends with the line that closes the string.

const DELIMITERS = ['"""', "'''", "`"];

/** The delimiter of the multi-line string the line leaves open, if any. */
export function openLongString(linePrefix: string): string | undefined {
  for (const quote of DELIMITERS) {
    if (quote === "`" && linePrefix.includes('"""')) continue;
    if ((linePrefix.split(quote).length - 1) % 2 === 1) return quote;
  }
  return undefined;
}

/** The lines up to and including the one that closes the string opened with `quote` (all when none does). */
export function untilStringCloses(lines: readonly string[], quote: string): string[] {
  const end = lines.findIndex((line) => line.includes(quote));
  return end < 0 ? [...lines] : lines.slice(0, end + 1);
}
