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

  get text(): string {
    return this.detokenize(this.tokens);
  }
}
