// Runs the replay: every session in every mode on one engine, and writes replay.json, the per-request
// records, the summary table and a latency plot per mode.
import { replayAgreement } from "./agreement";
import type { PromptLayout } from "../../engine/fim";
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { EadEngine } from "../../engine/engine";
import type { DecodeMode, DecodeSettings, ModelRole } from "../../engine/types";
import type { ReplayBackend } from "./backend";
import { playSession, type SessionResult } from "./driver";
import { latencySvg } from "./plot";
import { replayMarkdown, summarizeMode, type ReplayReport } from "./report";
import { isServerMode, withServerBackend } from "./serverModes";
import { ServiceBackend } from "./serviceBackend";
import { typedChars, type ReplaySession } from "./sessions";
import { DEFAULT_PACE, type TypingPace } from "./typing";

export interface ReplayOptions {
  small: string;
  large: string;
  /** How the pair is described in the report (file names, or real shapes). */
  pairLabel?: { small: string; large: string };
  threads: number;
  sessions: ReplaySession[];
  /** Our decoding modes, and llama-server's (serverModes.ts: they need `serverBinary`). */
  modes: string[];
  /** The llama-server binary, for the server modes. */
  serverBinary?: string;
  seed: number;
  pace?: TypingPace;
  debounceMs: number;
  decode?: Partial<DecodeSettings>;
  /** `ead` mode on random-weight models: a replayed switching schedule instead of the entropy policy. */
  schedule?: ModelRole[];
  contextSize?: number;
  /** Prompt layout (fim.ts); the engine's default when absent. */
  layout?: PromptLayout;
  onProgress?: (done: number, total: number, label: string) => void;
  /** Called after each mode with the figures so far (a long run writes them as it goes). */
  onModeDone?: (run: ReplayRun) => void;
}

export interface ReplayRun {
  report: ReplayReport;
  results: Record<string, SessionResult[]>;
}

/** Plays every session against `backend`; the typing schedule depends on the session index only. */
export async function replaySessions(backend: ReplayBackend, sessions: ReplaySession[], seed: number, pace: TypingPace, progress?: (label: string) => void): Promise<SessionResult[]> {
  const results: SessionResult[] = [];
  for (const [i, session] of sessions.entries()) {
    results.push(await playSession(session, backend, { seed: seed + i, pace }));
    progress?.(`${backend.name} ${session.id}`);
  }
  return results;
}

export async function runReplay(o: ReplayOptions): Promise<ReplayRun> {
  const pace = o.pace ?? DEFAULT_PACE;
  const contextSize = o.contextSize ?? 4096;
  const ours = o.modes.filter((m) => !isServerMode(m)) as DecodeMode[];
  if (o.modes.some(isServerMode) && !o.serverBinary) throw new Error("the server modes need the llama-server binary (serverBinary)");
  const results: Record<string, SessionResult[]> = {};
  const total = o.modes.length * o.sessions.length;
  let done = 0;
  const progress = (label: string) => o.onProgress?.(++done, total, label);
  let names = { small: basename(o.small), large: basename(o.large) };
  // Our modes share one engine, loaded only while they run (a server mode loads its own copy of the models).
  if (ours.length) {
    const engine = await EadEngine.load({ smallModelPath: o.small, largeModelPath: o.large, threads: o.threads, contextSize, promptLayout: o.layout });
    names = { small: engine.info.small.name, large: engine.info.large.name };
    try {
      for (const mode of ours) {
        const backend = new ServiceBackend(engine, { mode, decode: o.decode, debounceMs: o.debounceMs, schedule: mode === "ead" ? o.schedule : undefined });
        results[mode] = await replaySessions(backend, o.sessions, o.seed, pace, progress);
        o.onModeDone?.(runOf(o, pace, names, results));
      }
    } finally {
      await engine.dispose();
    }
  }
  for (const mode of o.modes.filter(isServerMode)) {
    results[mode] = await withServerBackend(
      mode,
      { binary: o.serverBinary!, small: o.small, large: o.large, threads: o.threads, debounceMs: o.debounceMs, decode: o.decode, engineContextSize: contextSize },
      (backend) => replaySessions(backend, o.sessions, o.seed, pace, progress),
    );
    o.onModeDone?.(runOf(o, pace, names, results));
  }
  return runOf(o, pace, names, results);
}

function runOf(o: ReplayOptions, pace: TypingPace, names: { small: string; large: string }, results: Record<string, SessionResult[]>): ReplayRun {
  const report: ReplayReport = {
    pair: o.pairLabel ?? names,
    threads: o.threads,
    seed: o.seed,
    sessions: o.sessions.map((s) => ({ id: s.id, kind: s.kind, source: s.source, chars: typedChars(s) })),
    pace: { ...pace },
    debounceMs: o.debounceMs,
    modes: o.modes
      .filter((mode) => results[mode])
      .map((mode) => ({ ...summarizeMode(mode, results[mode]), ...(results.large ? { agreementWithLarge: replayAgreement(results[mode], results.large) } : {}) })),
  };
  return { report, results: { ...results } };
}

/** Writes replay.json, requests.jsonl, replay.md and latency-<mode>.svg into `dir`; returns their paths. */
export function writeReplay(dir: string, run: ReplayRun, command: string): string[] {
  mkdirSync(dir, { recursive: true });
  const paths: string[] = [];
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    paths.push(path);
  };
  write("replay.json", JSON.stringify({ command, ...run.report }, null, 2) + "\n");
  const rows = Object.entries(run.results).flatMap(([mode, sessions]) => sessions.flatMap((s) => s.requests.map((r) => JSON.stringify({ mode, ...r }))));
  write("requests.jsonl", rows.join("\n") + (rows.length ? "\n" : ""));
  write("replay.md", replayMarkdown(run.report, command));
  for (const [mode, sessions] of Object.entries(run.results)) {
    const requests = sessions.flatMap((s) => s.requests);
    const latencies = requests.filter((r) => r.latencyMs !== undefined).map((r) => r.latencyMs!);
    const first = requests.filter((r) => r.firstTokenAt !== undefined).map((r) => r.firstTokenAt! - r.startedAt);
    write(`latency-${mode}.svg`, latencySvg(mode, latencies, first, `${run.report.pair.small} / ${run.report.pair.large}, ${run.report.threads} thread(s), ${sessions.length} sessions`));
  }
  return paths;
}
