// Runs the replay: every session in every mode on one engine, with and/or without the context the editor
// gathers (both arms of a mode session by session), and writes replay.json, the per-request records, the
// summary table and a latency plot per mode and arm.
import { replayAgreement } from "./agreement";
import type { PromptLayout } from "../../engine/fim";
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { EadEngine } from "../../engine/engine";
import type { DecodeMode, DecodeSettings, ModelRole } from "../../engine/types";
import type { ReplayBackend } from "./backend";
import { armLabel, armOrder, type ContextArm } from "./contextArms";
import { playSession, type SessionResult } from "./driver";
import { latencySvg } from "./plot";
import { compareArms, replayMarkdown, summarizeMode, type ReplayReport } from "./report";
import { isServerMode, withServerBackends } from "./serverModes";
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
  /** With or without the context the editor gathers, or both (default: without). */
  contexts?: ContextArm[];
  /** The with-context arm's bound on the context block's tokens (default: the editor's). */
  contextTokens?: number;
  onProgress?: (done: number, total: number, label: string) => void;
  /** Called after each mode with the figures so far (a long run writes them as it goes). */
  onModeDone?: (run: ReplayRun) => void;
}

export interface ReplayRun {
  report: ReplayReport;
  /** Sessions played, by result name (the mode, or "<mode>-<arm>" with both arms: contextArms.ts). */
  results: Record<string, SessionResult[]>;
  /** The mode and arm of each result name. */
  played: Record<string, { mode: string; context: ContextArm }>;
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

/**
 * Plays every session in each arm, one session at a time in both arms (armOrder.ts alternates which
 * goes first), with the same typing schedule in each: the arms differ in the context alone.
 */
export async function replayArms(
  backends: Record<ContextArm, ReplayBackend | undefined>,
  arms: readonly ContextArm[],
  sessions: ReplaySession[],
  seed: number,
  pace: TypingPace,
  contextTokens: number | undefined,
  progress?: (label: string) => void,
): Promise<Partial<Record<ContextArm, SessionResult[]>>> {
  const results: Partial<Record<ContextArm, SessionResult[]>> = {};
  for (const [i, session] of sessions.entries()) {
    for (const arm of armOrder(arms, i)) {
      const backend = backends[arm];
      if (!backend) throw new Error(`no backend for the ${arm}-context arm`);
      (results[arm] ??= []).push(await playSession(session, backend, { seed: seed + i, pace, ...(arm === "with" ? { context: { maxTokens: contextTokens } } : {}) }));
      progress?.(`${backend.name} ${arm} context ${session.id}`);
    }
  }
  return results;
}

export async function runReplay(o: ReplayOptions): Promise<ReplayRun> {
  const pace = o.pace ?? DEFAULT_PACE;
  const contextSize = o.contextSize ?? 4096;
  const ours = o.modes.filter((m) => !isServerMode(m)) as DecodeMode[];
  if (o.modes.some(isServerMode) && !o.serverBinary) throw new Error("the server modes need the llama-server binary (serverBinary)");
  const arms = o.contexts?.length ? o.contexts : (["without"] as ContextArm[]);
  const results: Record<string, SessionResult[]> = {};
  const total = o.modes.length * arms.length * o.sessions.length;
  let done = 0;
  const progress = (label: string) => o.onProgress?.(++done, total, label);
  let names = { small: basename(o.small), large: basename(o.large) };
  // Our modes share one engine, loaded only while they run (a server mode loads its own copy of the models).
  if (ours.length) {
    const engine = await EadEngine.load({ smallModelPath: o.small, largeModelPath: o.large, threads: o.threads, contextSize, promptLayout: o.layout });
    names = { small: engine.info.small.name, large: engine.info.large.name };
    try {
      for (const mode of ours) {
        const backend = () => new ServiceBackend(engine, { mode, decode: o.decode, debounceMs: o.debounceMs, schedule: mode === "ead" ? o.schedule : undefined });
        const played = await replayArms({ with: backend(), without: backend() }, arms, o.sessions, o.seed, pace, o.contextTokens, progress);
        for (const arm of arms) results[armLabel(mode, arm, arms)] = played[arm]!;
        o.onModeDone?.(runOf(o, pace, names, results, arms));
      }
    } finally {
      await engine.dispose();
    }
  }
  for (const mode of o.modes.filter(isServerMode)) {
    const played = await withServerBackends(
      mode,
      { binary: o.serverBinary!, small: o.small, large: o.large, threads: o.threads, debounceMs: o.debounceMs, decode: o.decode, engineContextSize: contextSize },
      arms,
      (backends) => replayArms(backends, arms, o.sessions, o.seed, pace, o.contextTokens, progress),
    );
    for (const arm of arms) results[armLabel(mode, arm, arms)] = played[arm]!;
    o.onModeDone?.(runOf(o, pace, names, results, arms));
  }
  return runOf(o, pace, names, results, arms);
}

function runOf(o: ReplayOptions, pace: TypingPace, names: { small: string; large: string }, results: Record<string, SessionResult[]>, arms: readonly ContextArm[]): ReplayRun {
  const entries = o.modes.flatMap((mode) => arms.map((arm) => ({ mode, arm, label: armLabel(mode, arm, arms) })));
  const modes = entries
    .filter((e) => results[e.label])
    .map((e) => {
      const large = results[armLabel("large", e.arm, arms)];
      return { ...summarizeMode(e.mode, results[e.label], e.arm), ...(large ? { agreementWithLarge: replayAgreement(results[e.label], large) } : {}) };
    });
  const report: ReplayReport = {
    pair: o.pairLabel ?? names,
    threads: o.threads,
    seed: o.seed,
    sessions: o.sessions.map((s) => ({ id: s.id, kind: s.kind, source: s.source, chars: typedChars(s) })),
    pace: { ...pace },
    debounceMs: o.debounceMs,
    contexts: [...arms],
    modes,
    contextComparison: compareArms(modes),
  };
  const played = Object.fromEntries(entries.filter((e) => results[e.label]).map((e) => [e.label, { mode: e.mode, context: e.arm }]));
  return { report, results: { ...results }, played };
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
  const rows = Object.entries(run.results).flatMap(([label, sessions]) => sessions.flatMap((s) => s.requests.map((r) => JSON.stringify({ ...run.played[label], ...r }))));
  write("requests.jsonl", rows.join("\n") + (rows.length ? "\n" : ""));
  write("replay.md", replayMarkdown(run.report, command));
  for (const [label, sessions] of Object.entries(run.results)) {
    const requests = sessions.flatMap((s) => s.requests);
    const latencies = requests.filter((r) => r.latencyMs !== undefined).map((r) => r.latencyMs!);
    const first = requests.filter((r) => r.firstTokenAt !== undefined).map((r) => r.firstTokenAt! - r.startedAt);
    write(`latency-${label}.svg`, latencySvg(label, latencies, first, `${run.report.pair.small} / ${run.report.pair.large}, ${run.report.threads} thread(s), ${sessions.length} sessions`));
  }
  return paths;
}
