// A stand-in for the engine process in service tests: writes `reply(prefix)` one character per token.
// Time never passes on its own: each token waits for a microtask turn (free mode) or for a credit the
// test hands out with `allow(n)` (gated mode), so tests decide the interleaving instead of racing timers.
import { abortError } from "../../../src/engine/errors";
import { normalizeSettings } from "../../../src/engine/settings";
import type { CompletionRequest, CompletionResult, TokenEvent } from "../../../src/engine/types";
import type { EngineLike } from "../../../src/completion/service";

export interface ScriptedOptions {
  /** Tokens wait for `allow()`. */
  gated?: boolean;
  /** Tokens the engine still writes after the stop signal (a real engine notices it late). */
  lagAfterStop?: number;
}

export class ScriptedEngine implements EngineLike {
  calls: CompletionRequest[] = [];
  running = 0;
  maxRunning = 0;
  tokensSent = 0;
  aborted = 0;
  private credits: number;
  private wake: (() => void)[] = [];

  constructor(
    public reply: (prefix: string) => string,
    private readonly options: ScriptedOptions = {},
  ) {
    this.credits = options.gated ? 0 : Infinity;
  }

  /** Lets `n` more tokens through (gated mode). */
  allow(n = Infinity): void {
    this.credits += n;
    for (const w of this.wake.splice(0)) w();
  }

  async complete(
    request: CompletionRequest,
    options: { onToken?: (e: TokenEvent) => void; signal?: AbortSignal; stop?: AbortSignal },
  ): Promise<CompletionResult> {
    this.calls.push(request);
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    try {
      const reply = this.reply(request.prefix);
      let text = "";
      const tokens: TokenEvent[] = [];
      let afterStop = 0;
      for (const [i, ch] of [...reply].entries()) {
        await this.nextCredit(options.signal);
        if (options.signal?.aborted) throw abortError();
        const event: TokenEvent = { id: i, text: ch, model: i % 3 === 0 ? "large" : "small", entropy: 1, rolling: 1 };
        tokens.push(event);
        text += ch;
        this.tokensSent++;
        options.onToken?.(event);
        if (options.stop?.aborted && afterStop++ >= (this.options.lagAfterStop ?? 0)) break;
      }
      if (options.signal?.aborted) throw abortError();
      const { settings } = normalizeSettings(request.settings);
      const large = tokens.filter((t) => t.model === "large").length;
      return {
        text,
        tokens,
        settings,
        stats: {
          smallTokens: tokens.length - large,
          largeTokens: large,
          switches: 0,
          // Every token written was evaluated by its writer, plus a prompt of 10 tokens in each lane.
          evaluated: { small: tokens.length - large + 10, large: large + 10 },
          reused: { small: 0, large: 0 },
          ms: { prefill: 0, decode: 0, catchUp: 0, verify: 0, total: 1 },
          paramCost: 0.5,
          drafted: 0,
          accepted: 0,
          stopReason: options.stop?.aborted ? "stopped" : "eog",
        },
      };
    } catch (error) {
      if (options.signal?.aborted) this.aborted++;
      throw error;
    } finally {
      this.running--;
    }
  }

  private async nextCredit(signal: AbortSignal | undefined): Promise<void> {
    await Promise.resolve();
    while (this.credits <= 0 && !signal?.aborted) {
      await new Promise<void>((resolve) => {
        this.wake.push(resolve);
        signal?.addEventListener("abort", () => resolve(), { once: true });
      });
    }
    if (!signal?.aborted) this.credits--;
  }
}

/** Lets pending promise callbacks and immediates run until `done()` holds (at most `turns` event-loop turns). */
export async function until(done: () => boolean, what = "condition", turns = 200): Promise<void> {
  for (let i = 0; i < turns && !done(); i++) await new Promise((r) => setImmediate(r));
  if (!done()) throw new Error(`${what} did not happen`);
}
