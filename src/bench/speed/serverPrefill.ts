// The same cold prompt evaluation in llama.cpp's own llama-server: the peer our prompt speed is held
// against. The server is started per batch size with that batch as its n_batch and n_ubatch (as
// node-llama-cpp sets both), and each repeat sends the prompt's token ids with its cache off, so every
// repeat evaluates the whole prompt; the server's own timing (`timings.prompt_ms`) is what counts.
import { launchLlamaServer } from "../llamaServer/launch";
import { round } from "../stats";

export interface ServerPrefillOptions {
  binary: string;
  modelPath: string;
  threads: number;
  prompt: readonly number[];
  batchSizes: readonly number[];
  repeats: number;
  onProgress?: (done: number, total: number, label: string) => void;
}

export interface ServerPrefillRow {
  batchSize: number;
  /** Median over repeats of the server's own prompt time, per token. */
  msPerToken: number;
  msTotal: number;
}

interface CompletionReply {
  timings?: { prompt_n?: number; prompt_ms?: number };
}

export async function measureServerPrefill(o: ServerPrefillOptions): Promise<ServerPrefillRow[]> {
  const rows: ServerPrefillRow[] = [];
  let done = 0;
  for (const batchSize of o.batchSizes) {
    const server = await launchLlamaServer({
      binary: o.binary,
      model: o.modelPath,
      threads: o.threads,
      contextSize: Math.max(1024, o.prompt.length + 16),
      args: ["-b", String(batchSize), "-ub", String(batchSize)],
    });
    try {
      const times: number[] = [];
      // One untimed request warms the server's allocations, as the local measurement does.
      for (let r = -1; r < o.repeats; r++) {
        const reply = await complete(server.url, o.prompt);
        const n = reply.timings?.prompt_n;
        const ms = reply.timings?.prompt_ms;
        if (n !== o.prompt.length || typeof ms !== "number") {
          throw new Error(`llama-server evaluated ${n ?? "no"} prompt tokens of ${o.prompt.length} (cache on, or no timings in its reply)`);
        }
        if (r >= 0) times.push(ms);
      }
      times.sort((a, b) => a - b);
      const msTotal = times[Math.floor(times.length / 2)];
      rows.push({ batchSize, msTotal: round(msTotal, 2), msPerToken: round(msTotal / o.prompt.length, 4) });
      o.onProgress?.(++done, o.batchSizes.length, `llama-server batch ${batchSize}`);
    } finally {
      await server.stop();
    }
  }
  return rows;
}

async function complete(url: string, prompt: readonly number[]): Promise<CompletionReply> {
  const res = await fetch(`${url}/completion`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    // One generated token: the prompt is evaluated in full and the reply carries its timing.
    body: JSON.stringify({ prompt, n_predict: 1, cache_prompt: false, temperature: 0, top_k: 1 }),
  });
  if (!res.ok) throw new Error(`llama-server /completion answered HTTP ${res.status}: ${await res.text()}`);
  return (await res.json()) as CompletionReply;
}
