// llama-server's own counters (its /metrics endpoint, Prometheus text; the server runs with --metrics):
// how much work it did, read before and after a run.

export interface ServerCounters {
  promptTokens: number;
  promptSeconds: number;
  predictedTokens: number;
  predictedSeconds: number;
}

export async function readServerCounters(url: string, apiKey?: string): Promise<ServerCounters> {
  const res = await fetch(`${url.replace(/\/+$/, "")}/metrics`, { headers: apiKey ? { Authorization: `Bearer ${apiKey}` } : {} });
  if (!res.ok) throw new Error(`${url}/metrics answered HTTP ${res.status} (start llama-server with --metrics)`);
  const text = await res.text();
  const value = (name: string) => {
    const m = new RegExp(`^llamacpp:${name}\\s+([0-9.eE+-]+)`, "m").exec(text);
    if (!m) throw new Error(`${url}/metrics has no llamacpp:${name}`);
    return Number(m[1]);
  };
  return {
    promptTokens: value("prompt_tokens_total"),
    promptSeconds: value("prompt_seconds_total"),
    predictedTokens: value("tokens_predicted_total"),
    predictedSeconds: value("tokens_predicted_seconds_total"),
  };
}

export function counterDelta(before: ServerCounters, after: ServerCounters): ServerCounters {
  return {
    promptTokens: after.promptTokens - before.promptTokens,
    promptSeconds: after.promptSeconds - before.promptSeconds,
    predictedTokens: after.predictedTokens - before.predictedTokens,
    predictedSeconds: after.predictedSeconds - before.predictedSeconds,
  };
}
