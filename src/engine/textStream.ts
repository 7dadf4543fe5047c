// Turns generated tokens into text pieces. Byte-level BPE can split a UTF-8 character across tokens,
// so text is taken from the whole detokenised output and an incomplete trailing character is held back.

export class TextStream {
  private readonly tokens: number[] = [];
  private emitted = 0;

  constructor(private readonly detokenize: (tokens: readonly number[]) => string) {}

  /** Adds a token and returns the text it completes. */
  push(token: number): string {
    this.tokens.push(token);
    let full = this.detokenize(this.tokens);
    if (full.endsWith("\uFFFD")) full = full.replace(/\uFFFD+$/, "");
    const piece = full.slice(this.emitted);
    this.emitted = Math.max(this.emitted, full.length);
    return piece;
  }

  /** Keeps only the first `count` tokens (a rollback); the next push continues from their text. */
  truncate(count: number): void {
    this.tokens.length = Math.min(this.tokens.length, count);
    let full = this.detokenize(this.tokens);
    if (full.endsWith("\uFFFD")) full = full.replace(/\uFFFD+$/, "");
    this.emitted = full.length;
  }

  get text(): string {
    return this.detokenize(this.tokens);
  }
}
