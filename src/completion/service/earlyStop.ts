// Early stop: a generation ends (normally, with its stats) as soon as the text the line stage keeps
// can no longer change, instead of running to maxTokens.
import type { TokenEvent } from "../../engine/types";
import type { PostProcessContext } from "../postprocess";
import { limitLines } from "../postprocess/lines";

/** A line far to the right, used to ask whether the line stage already ended the completion. */
const PROBE_LINE = " ".repeat(4096) + "\u0001";

/**
 * True once the text the line stage keeps can no longer change: every later token would be cut off
 * (single-line: a newline came; multi-line: the block ended on a complete line).
 */
export function isSettled(raw: string, ctx: PostProcessContext): boolean {
  const nl = raw.lastIndexOf("\n");
  if (nl < 0) return false;
  const complete = raw.slice(0, nl + 1).replace(/\r\n?/g, "\n");
  return !limitLines(complete + PROBE_LINE, ctx).endsWith(PROBE_LINE);
}

/** Collects the streamed tokens of one generation and raises `signal` once the shown text is settled. */
export class EarlyStop {
  private readonly controller = new AbortController();
  readonly tokens: TokenEvent[] = [];
  raw = "";

  constructor(private readonly ctx: PostProcessContext) {}

  /** Passed to the engine as its `stop` signal. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get stopped(): boolean {
    return this.controller.signal.aborted;
  }

  onToken(event: TokenEvent): void {
    // Tokens the engine writes after the stop reached it are not kept.
    if (this.stopped) return;
    // A rollback: the large model rewrote from a token it rejected; drop what it replaced.
    if (event.replaces) {
      this.tokens.splice(this.tokens.length - event.replaces.count);
      this.raw = this.tokens.map((t) => t.text).join("");
    }
    this.tokens.push(event);
    this.raw += event.text;
    if (isSettled(this.raw, this.ctx)) this.controller.abort();
  }
}
