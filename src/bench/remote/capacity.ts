// How many developers one team server carries: N simulated developers replay editing sessions at once
// against one llama-server, each with its own local small model and its own server slot, in EAD mode
// and in large-only mode through the same server. The figure that matters is the server's work per
// completion and its busy time; latencies are reported beside them (here clients and server share
// the same cores).
import { launchLlamaServer } from "../llamaServer/launch";
import { EadEngine } from "../../engine/engine";
import type { DecodeSettings } from "../../engine/types";
import { summarizeMode, type ReplayModeResult } from "../replay/report";
import { replaySessions } from "../replay/run";
import { ServiceBackend } from "../replay/serviceBackend";
import type { ReplaySession } from "../replay/sessions";
import type { TypingPace } from "../replay/typing";
import { round } from "../stats";
import { processCpuSeconds } from "./processCpu";
import { counterDelta, readServerCounters, type ServerCounters } from "./serverMetrics";

export type CapacityMode = "ead" | "large";

export interface CapacityOptions {
  binary: string;
  small: string;
  large: string;
  /** Threads of the server; each developer's small model gets one. */
  serverThreads: number;
  sessions: ReplaySession[];
  /** Sessions each developer plays (rotated so developers type different code). */
  sessionsPerDeveloper: number;
  developers: number[];
  modes: CapacityMode[];
  seed: number;
  pace: TypingPace;
  debounceMs: number;
  decode?: Partial<DecodeSettings>;
  onProgress?: (label: string) => void;
}

export interface CapacityPoint {
  mode: CapacityMode;
  developers: number;
  wallSeconds: number;
  /** Server CPU time over the run (all its threads). */
  serverCpuSeconds: number;
  /** llama-server's own counters over the run. */
  server: ServerCounters;
  /** Model requests the developers' editors made, and how many completed (the others were cancelled by typing). */
  requests: number;
  completed: number;
  /** Completions in which the server failed and the small model wrote the rest. */
  fallbacks: number;
  /**
   * Server tokens per model request (completed or cancelled): prompt tokens it evaluated (each
   * developer's first request of a session evaluates the whole prompt) and tokens it generated.
   */
  serverTokensPerRequest: { prompt: number; generated: number; total: number };
  /** Server CPU seconds per developer per minute of editing. */
  serverCpuPerDeveloperMinute: number;
  replay: ReplayModeResult;
}

export async function runCapacity(o: CapacityOptions): Promise<CapacityPoint[]> {
  const points: CapacityPoint[] = [];
  for (const mode of o.modes) {
    for (const n of o.developers) {
      o.onProgress?.(`${mode}, ${n} developer(s)`);
      points.push(await runPoint(o, mode, n));
    }
  }
  return points;
}

async function runPoint(o: CapacityOptions, mode: CapacityMode, n: number): Promise<CapacityPoint> {
  const server = await launchLlamaServer({ binary: o.binary, model: o.large, threads: o.serverThreads, slots: n, contextSize: 4096 * n });
  const engines: EadEngine[] = [];
  try {
    for (let i = 0; i < n; i++) {
      engines.push(await EadEngine.load({ smallModelPath: o.small, largeModelPath: "", largeServer: { url: server.url, slot: i, timeoutMs: 10_000 }, threads: 1 }));
    }
    const backends = engines.map((engine) => new ServiceBackend(engine, { mode, decode: o.decode, debounceMs: o.debounceMs }));
    const before = await readServerCounters(server.url);
    const cpuBefore = processCpuSeconds(server.child.pid!);
    const t0 = performance.now();
    const results = await Promise.all(
      backends.map((backend, i) => {
        const mine = Array.from({ length: o.sessionsPerDeveloper }, (_, j) => o.sessions[(i + j) % o.sessions.length]);
        return replaySessions(backend, mine, o.seed + i * 101, o.pace);
      }),
    );
    const wallSeconds = (performance.now() - t0) / 1000;
    const serverCpuSeconds = processCpuSeconds(server.child.pid!) - cpuBefore;
    const counters = counterDelta(before, await readServerCounters(server.url));
    const replay = summarizeMode(mode, results.flat());
    const completed = replay.completed;
    return {
      mode,
      developers: n,
      wallSeconds: round(wallSeconds, 1),
      serverCpuSeconds: round(serverCpuSeconds, 2),
      server: counters,
      requests: replay.requests,
      completed,
      fallbacks: results.flat().reduce((k, s) => k + s.requests.filter((r) => r.fallback).length, 0),
      serverTokensPerRequest: {
        prompt: round(counters.promptTokens / Math.max(1, replay.requests), 1),
        generated: round(counters.predictedTokens / Math.max(1, replay.requests), 1),
        total: round((counters.promptTokens + counters.predictedTokens) / Math.max(1, replay.requests), 1),
      },
      serverCpuPerDeveloperMinute: round(serverCpuSeconds / n / (wallSeconds / 60), 2),
      replay,
    };
  } finally {
    await Promise.allSettled(engines.map((e) => e.dispose()));
    await server.stop();
  }
}

export function capacityMarkdown(points: CapacityPoint[], command: string, caption: string): string {
  const lines = [
    "# Team server capacity",
    "",
    caption,
    "",
    "Command: `" + command + "`",
    "",
    "| mode | developers | requests (completed) | server tokens per request: prompt + generated | server CPU s | server CPU s per developer-minute | p50 / p95 keystroke to ghost text (ms) | fallbacks |",
    "|---|---|---|---|---|---|---|---|",
    ...points.map(
      (p) =>
        `| ${p.mode} | ${p.developers} | ${p.requests} (${p.completed}) | ${p.serverTokensPerRequest.prompt} + ${p.serverTokensPerRequest.generated} | ${p.serverCpuSeconds} | ${p.serverCpuPerDeveloperMinute} | ${p.replay.latencyMs.p50} / ${p.replay.latencyMs.p95} | ${p.fallbacks} |`,
    ),
  ];
  const ratios = points
    .filter((p) => p.mode === "ead")
    .map((e) => {
      const l = points.find((p) => p.mode === "large" && p.developers === e.developers);
      if (!l) return undefined;
      return `| ${e.developers} | ${round(e.serverTokensPerRequest.total / l.serverTokensPerRequest.total, 2)} | ${round(e.serverTokensPerRequest.generated / Math.max(1e-9, l.serverTokensPerRequest.generated), 2)} | ${round(e.serverCpuPerDeveloperMinute / l.serverCpuPerDeveloperMinute, 2)} | ${round(l.serverCpuPerDeveloperMinute / e.serverCpuPerDeveloperMinute, 2)} |`;
    })
    .filter(Boolean);
  if (ratios.length) {
    lines.push("", "| developers | EAD / large-only: server tokens per request | of them generated | EAD / large-only: server CPU per developer-minute | developers per server, EAD against large-only |", "|---|---|---|---|---|", ...(ratios as string[]));
  }
  return lines.join("\n") + "\n";
}
