// One streamed /infill request to llama-server, as llama.vscode makes it, with what the server says it
// evaluated: the first progress event gives the prompt's length and the tokens it took from its cache
// (before evaluating anything), the last event its timings.
import { SseLines } from "../../engine/remote/sseLines";

export interface InfillBody {
  input_prefix: string;
  input_suffix: string;
  /** Appended to the prefix (llama.vscode sends the cursor line's typed part here). */
  prompt: string;
  n_predict: number;
  [key: string]: unknown;
}

export interface InfillResult {
  content: string;
  /** performance.now() when the first generated token arrived. */
  firstTokenAt?: number;
  /** Prompt length in tokens, and how many of them the server took from its cache (KV reuse included). */
  promptTokens?: number;
  cachedTokens?: number;
  /** Tokens generated. */
  tokens: number;
  stopType?: string;
}

interface StreamEvent {
  content?: string;
  tokens?: number[];
  stop?: boolean;
  stop_type?: string;
  prompt_progress?: { total: number; cache: number; processed: number };
  timings?: { prompt_n: number; cache_n: number; predicted_n: number };
  error?: { message?: string };
}

/**
 * Streams one completion. `progress` is updated as the server reports, so a caller whose request was
 * aborted still knows what the server evaluated for it (the prompt, once its evaluation started, runs
 * to the end of its batch). Rejects with the fetch's AbortError when `signal` aborts.
 */
export async function streamInfill(url: string, body: InfillBody, signal: AbortSignal, progress: InfillResult = { content: "", tokens: 0 }): Promise<InfillResult> {
  const send = () =>
    fetch(`${url}/infill`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...body, stream: true, return_progress: true }),
      signal,
    });
  // A kept-alive connection the server closed as the request went out fails before any answer
  // ("other side closed"): nothing was evaluated, so the request is sent once more on a new one.
  const res = await send().catch((e: Error & { cause?: { code?: string } }) => {
    if (signal.aborted || e.cause?.code !== "UND_ERR_SOCKET") throw e;
    return send();
  });
  if (!res.ok || !res.body) throw new Error(`llama-server /infill answered ${res.status}: ${await res.text()}`);
  const lines = new SseLines();
  const handle = (event: StreamEvent) => {
    if (event.error) throw new Error(`llama-server /infill: ${event.error.message ?? JSON.stringify(event.error)}`);
    if (event.prompt_progress) {
      progress.promptTokens = event.prompt_progress.total;
      progress.cachedTokens = event.prompt_progress.cache;
      return;
    }
    if (event.tokens?.length || event.content) {
      progress.firstTokenAt ??= performance.now();
      progress.tokens += event.tokens?.length ?? 0;
    }
    progress.content += event.content ?? "";
    if (event.timings) {
      progress.promptTokens = event.timings.prompt_n + event.timings.cache_n;
      progress.cachedTokens = event.timings.cache_n;
      if (event.stop) progress.tokens = event.timings.predicted_n;
    }
    if (event.stop) progress.stopType = event.stop_type;
  };
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    for (const line of lines.push(chunk)) {
      if (line.startsWith("data:")) {
        const data = line.slice(5).trim();
        if (data && data !== "[DONE]") handle(JSON.parse(data) as StreamEvent);
      } else if (line.startsWith("error:")) {
        throw new Error(`llama-server /infill: ${line.slice(6).trim()}`);
      }
    }
  }
  return progress;
}
