// The replay's llama-server modes: `server` (the large model, --cache-reuse 256, as llama.vscode's docs
// run it) and `server-speculative` (the same with the small model as its draft). The replay starts the
// server for the mode and stops it after.
import type { LlamaModel } from "node-llama-cpp";
import { INFILL_MIN_BATCH, InfillPromptBuilder } from "../llamaServer/infillPrompt";
import { launchLlamaServer } from "../llamaServer/launch";
import { getCpuLlama } from "../../engine/llama";
import { DEFAULT_DECODE_SETTINGS, type DecodeSettings } from "../../engine/types";
import { LlamaServerBackend } from "./llamaServerBackend";

export const SERVER_MODES = ["server", "server-speculative"] as const;
export type ServerMode = (typeof SERVER_MODES)[number];

export function isServerMode(mode: string): mode is ServerMode {
  return (SERVER_MODES as readonly string[]).includes(mode);
}

/** KV chunks of at least this many tokens are reused at shifted positions (llama.vscode's recommended setting). */
export const CACHE_REUSE = 256;
/** Draft tokens per speculative step. */
export const SPEC_DRAFT_MAX = 8;

export interface ServerModeOptions {
  binary: string;
  small: string;
  large: string;
  threads: number;
  debounceMs: number;
  decode?: Partial<DecodeSettings>;
  /** Our engine's context size: the prompt budget follows it as the engine's does. */
  engineContextSize: number;
}

/** The command-line arguments the server runs with for `mode` (besides model, threads, context, slots). */
export function serverArgs(mode: ServerMode, o: Pick<ServerModeOptions, "small" | "threads">): string[] {
  // A batch that keeps the whole prompt (infillPrompt.ts), and a default n_predict large enough that
  // /infill adds no repo-level header in front of the prefix (requests set their own n_predict).
  const args = ["--cache-reuse", String(CACHE_REUSE), "-b", String(INFILL_MIN_BATCH), "-n", "1000000"];
  if (mode === "server-speculative") args.push("-md", o.small, "--spec-type", "draft-simple", "--spec-draft-n-max", String(SPEC_DRAFT_MAX), "-td", String(o.threads));
  return args;
}

/** The engine's prompt budget (engine.ts promptBudget) for a context and the models' training context. */
export function promptBudgetFor(contextSize: number, trainContextSize: number, room: Pick<DecodeSettings, "maxTokens" | "draftTokens">): number {
  const window = Math.min(contextSize, trainContextSize || Infinity);
  return Math.max(Math.floor(window / 2), window - room.maxTokens - room.draftTokens - 1);
}

/** A model's training context, from its file's metadata (a vocabulary-only load reports 0 for it). */
export function trainContextOf(model: LlamaModel): number {
  return model.trainContextSize || Number(model.fileInfo.architectureMetadata?.context_length) || 0;
}

/** Starts llama-server for `mode`, runs `play` with a backend on it, and stops the server. */
export async function withServerBackend<T>(mode: ServerMode, o: ServerModeOptions, play: (backend: LlamaServerBackend) => Promise<T>): Promise<T> {
  const llama = await getCpuLlama(o.threads);
  const vocab = await llama.loadModel({ modelPath: o.large, vocabOnly: true });
  try {
    const trainContext = trainContextOf(vocab);
    if (!trainContext) throw new Error(`${o.large} does not say its training context (context_length)`);
    const room = { ...DEFAULT_DECODE_SETTINGS, ...o.decode };
    const prompts = new InfillPromptBuilder(vocab, promptBudgetFor(o.engineContextSize, trainContext, room));
    const server = await launchLlamaServer({
      binary: o.binary,
      model: o.large,
      threads: o.threads,
      contextSize: trainContext,
      slots: 1,
      args: serverArgs(mode, o),
      startTimeoutMs: 300_000,
    });
    try {
      const backend = new LlamaServerBackend({ name: mode, url: server.url, prompts, maxTokens: room.maxTokens, debounceMs: o.debounceMs });
      const result = await play(backend);
      if (backend.errors) process.stderr.write(`${mode}: ${backend.errors} request(s) failed; the first: ${backend.firstError}\n`);
      return result;
    } finally {
      await server.stop();
    }
  } finally {
    await vocab.dispose();
  }
}
