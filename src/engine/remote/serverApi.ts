// A minimal client for the llama-server endpoints the remote lane uses: /completion (token-id prompts,
// streamed, with top-K log-probabilities), /tokenize, /detokenize, /props and /v1/models. Every call
// has a time limit and honours the caller's abort signal; failures become RemoteError with a reason a
// user can read. The API key goes in the Authorization header only: never in a message or a log.
import { abortError } from "../errors";
import { SseLines } from "./sseLines";

export interface ServerOptions {
  /** Base URL, e.g. http://gpu-box:8012 */
  url: string;
  apiKey?: string;
  /** Longest wait for a response to start (and between streamed tokens), ms. */
  timeoutMs?: number;
}

export const DEFAULT_SERVER_TIMEOUT_MS = 5000;

/** Why the server could not be used this time: down, slow, refused, broken stream, wrong vocabulary. */
export class RemoteError extends Error {
  constructor(
    readonly kind: "unreachable" | "timeout" | "http" | "stream" | "pairing",
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "RemoteError";
  }
}

/** One generated position as /completion reports it with n_probs. */
export interface ServerStep {
  /** The token the server wrote at this position. */
  token: number;
  /** Top-K candidates with their log-probabilities (natural log, over the full vocabulary, before sampling). */
  top: { id: number; logprob: number }[];
  /** The prompt timings, on the steps whose chunk carried them. */
  timings?: CompletionTimings;
  /**
   * Index of this token among the tokens generated. The server withholds a token that ends inside a
   * UTF-8 character (it never reports it, nor its probabilities), so indexes can skip.
   */
  position: number;
}

/** How a streamed completion ended. */
export interface CompletionEnd {
  timings?: CompletionTimings;
  /** Tokens the server generated, reported or withheld. */
  generated: number;
}

export interface CompletionTimings {
  /** Prompt tokens evaluated (not found in the slot's cache). */
  promptEvaluated: number;
  /** Prompt tokens reused from the slot's cache. */
  promptCached: number;
}

export interface CompletionBody {
  prompt: readonly number[];
  n_predict: number;
  n_probs: number;
  id_slot?: number;
  logit_bias?: [number, boolean][];
}

export class ServerApi {
  readonly url: string;
  readonly timeoutMs: number;

  constructor(private readonly options: ServerOptions) {
    this.url = options.url.replace(/\/+$/, "");
    this.timeoutMs = options.timeoutMs ?? DEFAULT_SERVER_TIMEOUT_MS;
  }

  private headers(): Record<string, string> {
    const h: Record<string, string> = { "Content-Type": "application/json" };
    if (this.options.apiKey) h.Authorization = `Bearer ${this.options.apiKey}`;
    return h;
  }

  /** Sends a request; the returned response has a 2xx status. */
  private async send(path: string, body: unknown, signal: AbortSignal | undefined, timer: Deadline): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${this.url}${path}`, {
        method: body === undefined ? "GET" : "POST",
        headers: this.headers(),
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: timer.signal,
      });
    } catch (error) {
      throw timer.failure(error, signal, `cannot reach ${this.url}`);
    }
    if (!response.ok) {
      let detail = "";
      try {
        const text = await response.text();
        detail = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? text.slice(0, 200);
      } catch {
        // the status says enough
      }
      const hint = response.status === 401 ? " (check the team server's API key: command \"EAD: Set team server API key\")" : "";
      throw new RemoteError("http", `${this.url}${path} answered HTTP ${response.status}${detail ? `: ${detail}` : ""}${hint}`, response.status);
    }
    return response;
  }

  /** One greedy token after `prompt`, with its id even when the server withholds its probabilities. */
  async firstToken(body: CompletionBody, signal?: AbortSignal): Promise<number> {
    const answer = await this.postJson<{ tokens?: number[] }>(
      "/completion",
      { ...body, n_predict: 1, stream: false, cache_prompt: true, temperature: 0, top_k: 1, samplers: ["top_k"], return_tokens: true },
      signal,
    );
    const token = answer.tokens?.[0];
    if (token === undefined) throw new RemoteError("stream", `${this.url}/completion returned no token`);
    return token;
  }

  getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
    return this.json<T>(path, undefined, signal);
  }

  postJson<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
    return this.json<T>(path, body, signal);
  }

  /** One JSON request (GET without a body, POST with one) under the time limit. */
  private async json<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
    const timer = new Deadline(this.timeoutMs, signal);
    try {
      const response = await this.send(path, body, signal, timer);
      return (await response.json()) as T;
    } catch (error) {
      throw timer.failure(error, signal, `cannot read ${path} from ${this.url}`);
    } finally {
      timer.done();
    }
  }

  /**
   * Streams /completion: yields one step per generated token, and the prompt timings once known.
   * Stopping the iteration (or aborting `signal`) closes the connection, which stops the server.
   */
  async *complete(body: CompletionBody, signal?: AbortSignal): AsyncGenerator<ServerStep, CompletionEnd> {
    const timer = new Deadline(this.timeoutMs, signal);
    try {
      const response = await this.send(
        "/completion",
        { ...body, stream: true, cache_prompt: true, temperature: 0, top_k: 1, samplers: ["top_k"], timings_per_token: true, return_tokens: true },
        signal,
        timer,
      );
      if (!response.body) throw new RemoteError("stream", `${this.url}/completion sent no body`);
      let timings: CompletionTimings | undefined;
      const lines = new SseLines();
      const reader = response.body.getReader();
      try {
        for (;;) {
          timer.restart();
          let chunk: ReadableStreamReadResult<Uint8Array>;
          try {
            chunk = await reader.read();
          } catch (error) {
            throw timer.failure(error, signal, `the stream from ${this.url} broke off`);
          }
          if (chunk.done) break;
          for (const line of lines.push(chunk.value)) {
            if (!line.startsWith("data:")) continue;
            const data = JSON.parse(line.slice(5)) as StreamChunk;
            if (data.error) throw new RemoteError("http", `${this.url}/completion: ${data.error.message ?? "error"}`);
            if (data.timings) timings = { promptEvaluated: data.timings.prompt_n ?? 0, promptCached: data.timings.cache_n ?? 0 };
            const probs = data.completion_probabilities ?? [];
            const position = (data.tokens_predicted ?? 1) - probs.length;
            for (const [i, p] of probs.entries()) {
              yield { token: p.id, top: (p.top_logprobs ?? []).map((t) => ({ id: t.id, logprob: t.logprob })), timings, position: position + i };
            }
            if (data.stop) return { timings, generated: data.tokens_predicted ?? 0 };
          }
        }
      } finally {
        reader.cancel().catch(() => undefined);
      }
      throw new RemoteError("stream", `the stream from ${this.url} ended before the completion did`);
    } catch (error) {
      throw timer.failure(error, signal, `the stream from ${this.url} failed`);
    } finally {
      timer.done();
    }
  }
}

interface StreamChunk {
  stop?: boolean;
  tokens_predicted?: number;
  error?: { message?: string };
  timings?: { prompt_n?: number; cache_n?: number };
  completion_probabilities?: { id: number; top_logprobs?: { id: number; logprob: number }[] }[];
}

/**
 * One request's time limit combined with the caller's abort: the limit restarts on each streamed
 * chunk, so a long but steady stream is fine and a stalled one is not.
 */
class Deadline {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private timedOut = false;
  private readonly onAbort = () => this.controller.abort();

  constructor(
    private readonly ms: number,
    private readonly outer: AbortSignal | undefined,
  ) {
    outer?.addEventListener("abort", this.onAbort);
    if (outer?.aborted) this.controller.abort();
    this.restart();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  restart(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort();
    }, this.ms);
  }

  done(): void {
    clearTimeout(this.timer);
    this.outer?.removeEventListener("abort", this.onAbort);
  }

  /** The error to raise for `error`: the caller's abort, a timeout, or a RemoteError saying `what`. */
  failure(error: unknown, outer: AbortSignal | undefined, what: string): Error {
    if (outer?.aborted) return abortError();
    if (this.timedOut) return new RemoteError("timeout", `${what}: no answer within ${this.ms} ms`);
    if (error instanceof RemoteError) return error;
    if (error instanceof SyntaxError) return new RemoteError("stream", `${what}: unreadable answer (${error.message})`);
    const cause = (error as { cause?: { code?: string } })?.cause?.code;
    return new RemoteError("unreachable", `${what}${cause ? ` (${cause})` : ""}`);
  }
}
