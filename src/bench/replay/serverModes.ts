// The replay's llama-server modes: `server` (the large model, --cache-reuse 256, as llama.vscode's docs
// run it) and `server-speculative` (the same with the small model as its draft). The replay starts the
// server for the mode and stops it after. Playing with context takes a second server: /infill keeps
// n_ctx - n_batch - 2 n_predict tokens of extra context (n_predict the server's default), and on a
// vocabulary with repo-level tokens it writes its repository header whenever it keeps any, extra
// context sent or not. The plain server keeps none (the prompt is exactly our engine's without context);
// the context server keeps the largest block the engine builds, and serves the requests with one.
import type { LlamaModel } from "node-llama-cpp";
import { INFILL_MIN_BATCH, InfillPromptBuilder } from "../llamaServer/infillPrompt";
import { launchLlamaServer, type LlamaServerProcess } from "../llamaServer/launch";
import { getCpuLlama } from "../../engine/llama";
import { CONTEXT_BUDGET_SHARE } from "../../engine/promptContext/limits";
import { DEFAULT_DECODE_SETTINGS, type DecodeSettings } from "../../engine/types";
import type { ContextArm } from "./contextArms";
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

/**
 * The command-line arguments the server runs with for `mode` (besides model, threads, context, slots).
 * `suffixFirst`: the model's FIM family puts the suffix first (Codestral), which /infill builds with
 * --spm-infill. `withContext`: the context server (see the header).
 */
export function serverArgs(mode: ServerMode, o: Pick<ServerModeOptions, "small" | "threads"> & { suffixFirst?: boolean; withContext?: boolean }): string[] {
  // A batch that keeps the whole prompt (infillPrompt.ts); without context, a default n_predict large
  // enough that /infill adds no repo-level header in front of the prefix (requests set their own n_predict).
  const args = ["--cache-reuse", String(CACHE_REUSE), "-b", String(INFILL_MIN_BATCH), ...(o.withContext ? [] : ["-n", "1000000"])];
  if (o.suffixFirst) args.push("--spm-infill");
  if (mode === "server-speculative") args.push("-md", o.small, "--spec-type", "draft-simple", "--spec-draft-n-max", String(SPEC_DRAFT_MAX), "-td", String(o.threads));
  return args;
}

/**
 * The context server's context size: room for the batch and the largest block the engine builds for
 * `budget` (the server's default n_predict of -1 adds 2 tokens to n_ctx - n_batch), at least the
 * training context.
 */
export function contextServerSize(budget: number, trainContext: number): number {
  return Math.max(trainContext, INFILL_MIN_BATCH + Math.floor(budget * CONTEXT_BUDGET_SHARE));
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

/**
 * Starts llama-server for `mode` (and its context server where `arms` has "with"), runs `play` with a
 * backend for each arm, and stops the servers.
 */
export async function withServerBackends<T>(
  mode: ServerMode,
  o: ServerModeOptions,
  arms: readonly ContextArm[],
  play: (backends: Record<ContextArm, LlamaServerBackend | undefined>) => Promise<T>,
): Promise<T> {
  const llama = await getCpuLlama(o.threads);
  const vocab = await llama.loadModel({ modelPath: o.large, vocabOnly: true });
  try {
    const trainContext = trainContextOf(vocab);
    if (!trainContext) throw new Error(`${o.large} does not say its training context (context_length)`);
    const room = { ...DEFAULT_DECODE_SETTINGS, ...o.decode };
    const budget = promptBudgetFor(o.engineContextSize, trainContext, room);
    const prompts = new InfillPromptBuilder(vocab, budget);
    const launch = (withContext: boolean) => {
      // The slot's context is capped at the model's training context, which the context server may need
      // to pass for its batch and block: the file's context_length is raised for the server alone (no
      // prompt is longer than the engine's budget, within the training context).
      const contextSize = withContext ? contextServerSize(budget, trainContext) : trainContext;
      const arch = vocab.fileInfo.metadata?.general?.architecture;
      if (contextSize > trainContext && !arch) throw new Error(`${o.large} does not name its architecture (general.architecture)`);
      const raise = contextSize > trainContext ? ["--override-kv", `${arch}.context_length=int:${contextSize}`] : [];
      return launchLlamaServer({
        binary: o.binary,
        model: o.large,
        threads: o.threads,
        contextSize,
        slots: 1,
        args: [...serverArgs(mode, { ...o, suffixFirst: prompts.suffixFirst, withContext }), ...raise],
        startTimeoutMs: 300_000,
      });
    };
    const servers: LlamaServerProcess[] = [];
    try {
      const plain = await launch(false);
      servers.push(plain);
      const withContext = arms.includes("with") ? await launch(true) : undefined;
      if (withContext) servers.push(withContext);
      const backend = (contextUrl?: string) =>
        new LlamaServerBackend({ name: mode, url: plain.url, contextUrl, prompts, maxTokens: room.maxTokens, debounceMs: o.debounceMs });
      const backends = { with: withContext ? backend(withContext.url) : undefined, without: arms.includes("without") ? backend() : undefined };
      const result = await play(backends);
      for (const [arm, b] of Object.entries(backends)) {
        if (b?.errors) process.stderr.write(`${mode} (${arm} context): ${b.errors} request(s) failed; the first: ${b.firstError}\n`);
      }
      return result;
    } finally {
      for (const server of servers) await server.stop();
    }
  } finally {
    await vocab.dispose();
  }
}
