// Turns generated tokens into text pieces. Byte-level BPE can split a UTF-8 character across tokens,
// so text is taken from the whole detokenised output and an incomplete trailing character is held back.

export class TextStream {
  private readonly tokens: number[] = [];
  private emitted = 0;

  /** `hidden`: leading characters the user typed already (token healing's text), never given out. */
  constructor(
    private readonly detokenize: (tokens: readonly number[]) => string,
    private readonly hidden = 0,
  ) {}

  /** The detokenised text without an incomplete trailing character. */
  private complete(): string {
    const full = this.detokenize(this.tokens);
    return full.endsWith("\uFFFD") ? full.replace(/\uFFFD+$/, "") : full;
  }

  /** Adds a token and returns the text it completes. */
  push(token: number): string {
    this.tokens.push(token);
    const full = this.complete();
    const piece = full.slice(Math.max(this.emitted, this.hidden));
    this.emitted = Math.max(this.emitted, full.length);
    return piece;
  }

  /** Keeps only the first `count` tokens (a rollback); the next push continues from their text. */
  truncate(count: number): void {
    this.tokens.length = Math.min(this.tokens.length, count);
    this.emitted = this.complete().length;
  }

  /**
   * The whole text, equal to the pieces pushed so far: a character the last tokens left incomplete
   * (generation stopped inside it) is not shown as a replacement character.
   */
  get text(): string {
    return this.complete().slice(this.hidden);
  }
}
