// The replay's peer: what a llama.vscode user gets from llama-server. After the same debounce as our
// service, each keystroke sends one streamed /infill request (the previous one is aborted), with the
// prompt cut as our editor side and engine cut it (infillPrompt.ts; the server builds it in the cursor
// layout, the only one /infill has), greedy, `cache_prompt` on one fixed slot. Like llama.vscode it keeps an LRU of answers keyed by the request's text, and while the
// user types through an answer it offers the rest of it without asking again. A request with context
// sends its chunks as `input_extra` to a server that keeps them (serverModes.ts: the plain server keeps
// its repo-level header out, so it serves the requests without context).
import type { InfillPromptBuilder } from "../llamaServer/infillPrompt";
import { streamInfill, type InfillResult } from "../llamaServer/infill";
import { LruCache } from "../../completion/lru";
import type { CallSink, ModelCall, ReplayAnswer, ReplayBackend, ReplayCancel, ReplayQuery } from "./backend";

export interface LlamaServerBackendOptions {
  /** The mode's name in the report (server, server-speculative). */
  name: string;
  url: string;
  /** The server for requests with a context block (absent: this backend plays without context). */
  contextUrl?: string;
  prompts: InfillPromptBuilder;
  maxTokens: number;
  debounceMs: number;
  /** The server's slot this client keeps (llama.vscode uses a fixed one too). */
  slot?: number;
  /** Answers kept (llama.vscode's default is 250). */
  cacheSize?: number;
}

const sleep = (ms: number, cancel: ReplayCancel) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    const sub = cancel.onCancellationRequested(done);
    function done() {
      clearTimeout(timer);
      sub.dispose();
      resolve();
    }
  });

export class LlamaServerBackend implements ReplayBackend {
  readonly name: string;
  sink: CallSink | undefined;
  /** Requests that ended in an error, and the first error's message. */
  errors = 0;
  firstError: string | undefined;
  private readonly answers: LruCache<string, string>;
  private calls = 0;
  private inFlight: { controller: AbortController; done: Promise<unknown> } | undefined;

  constructor(readonly options: LlamaServerBackendOptions) {
    this.name = options.name;
    this.answers = new LruCache(options.cacheSize ?? 250);
  }

  async provide(query: ReplayQuery, cancel: ReplayCancel): Promise<ReplayAnswer | undefined> {
    // A keystroke makes the request in flight pointless.
    this.inFlight?.controller.abort();
    const fields = this.options.prompts.build(query.text, query.offset, query.context);
    const url = fields.input_extra ? this.options.contextUrl : this.options.url;
    if (!url) throw new Error(`${this.name}: a request with context needs the context server (contextUrl)`);
    const reuse = this.reuse(fields.above, fields.input_suffix, fields.line);
    if (reuse) return reuse.text ? reuse : undefined;

    await sleep(this.options.debounceMs, cancel);
    if (cancel.isCancellationRequested) return undefined;

    const id = ++this.calls;
    const controller = new AbortController();
    const sub = cancel.onCancellationRequested(() => controller.abort());
    const progress: InfillResult = { content: "", tokens: 0 };
    const startedAt = performance.now();
    this.sink?.started(id);
    const { input_prefix, input_suffix, input_extra, prompt, n_indent, suffixChars } = fields;
    const request = streamInfill(
      url,
      {
        input_prefix,
        input_suffix,
        ...(input_extra ? { input_extra } : {}),
        prompt,
        n_indent,
        n_predict: this.options.maxTokens,
        temperature: 0,
        top_k: 1,
        cache_prompt: true,
        id_slot: this.options.slot ?? 0,
      },
      controller.signal,
      progress,
    );
    this.inFlight = { controller, done: request.catch(() => undefined) };
    const end = (outcome: ModelCall["outcome"]) => {
      const promptTokens = progress.promptTokens ?? fields.tokens.length;
      // Before the server's first event the request was still queued: it evaluated nothing.
      const large = progress.promptTokens === undefined ? 0 : progress.promptTokens - (progress.cachedTokens ?? 0);
      this.sink?.finished(id, {
        startedAt,
        firstTokenAt: progress.firstTokenAt,
        endedAt: performance.now(),
        outcome,
        promptTokens,
        suffixChars,
        promptEvaluated: { small: 0, large },
        tokens: progress.tokens,
        contextChunks: input_extra?.length ?? 0,
      });
    };
    try {
      const result = await request;
      end("completed");
      this.answers.set(this.key(fields.above, fields.input_suffix, fields.line), result.content);
      if (cancel.isCancellationRequested || !result.content) return undefined;
      return { text: result.content, source: "engine" };
    } catch (error) {
      if (controller.signal.aborted) end("cancelled");
      else {
        end("error");
        this.errors++;
        this.firstError ??= (error as Error).message;
      }
      return undefined;
    } finally {
      sub.dispose();
    }
  }

  async endSession(): Promise<void> {
    const running = this.inFlight;
    running?.controller.abort();
    await running?.done;
    this.inFlight = undefined;
    this.answers.clear();
  }

  private key(prefix: string, suffix: string, line: string): string {
    return `${prefix}\u0000${suffix}\u0000${line}`;
  }

  /**
   * An earlier answer for this place: the same request (cache), or one made a few characters back on
   * this line whose text starts with what was typed since (typed through), as llama.vscode looks up.
   */
  private reuse(prefix: string, suffix: string, line: string): ReplayAnswer | undefined {
    const exact = this.answers.get(this.key(prefix, suffix, line));
    if (exact !== undefined) return { text: exact, source: "cache" };
    for (let i = 1; i <= line.length; i++) {
      const earlier = this.answers.get(this.key(prefix, suffix, line.slice(0, line.length - i)));
      const typed = line.slice(line.length - i);
      if (earlier !== undefined && earlier.length > typed.length && earlier.startsWith(typed)) return { text: earlier.slice(typed.length), source: "typedThrough" };
    }
    return undefined;
  }
}
