// A small bracket scanner shared by the stages: pairs (), [], {} and skips string literals on one line.

export const OPENERS: Record<string, string> = { "(": ")", "[": "]", "{": "}" };
export const CLOSERS: Record<string, string> = { ")": "(", "]": "[", "}": "{" };
const QUOTES = new Set(["'", '"', "`"]);

export interface BracketEvent {
  kind: "open" | "close";
  char: string;
  /** Index in the scanned text. */
  index: number;
}

/**
 * Yields bracket characters outside string literals. A quote opens a literal that ends at the
 * same quote (backslash escapes honoured) or, except for backticks, at the end of the line.
 */
export function* scanBrackets(text: string): Generator<BracketEvent, { openQuote: string | undefined }> {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === "\\") i++;
      else if (ch === quote) quote = undefined;
      else if (ch === "\n" && quote !== "`") quote = undefined;
      continue;
    }
    if (QUOTES.has(ch)) {
      // An apostrophe inside a word (it's, don't) is not a quote.
      if (ch === "'" && i > 0 && /[A-Za-z]/.test(text[i - 1]) && /[A-Za-z]/.test(text[i + 1] ?? "")) continue;
      quote = ch;
    } else if (ch in OPENERS) yield { kind: "open", char: ch, index: i };
    else if (ch in CLOSERS) yield { kind: "close", char: ch, index: i };
  }
  return { openQuote: quote };
}

/** True when `text` ends inside a string literal it opened. */
export function endsInString(text: string): boolean {
  const it = scanBrackets(text);
  let step = it.next();
  while (!step.done) step = it.next();
  return step.value.openQuote !== undefined;
}
