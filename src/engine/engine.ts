// The EAD engine: loads a small/large pair that shares a vocabulary, keeps one lane per model, and
// runs completions in any decoding mode. One completion runs at a time; callers abort stale ones.
import type { LlamaModel } from "node-llama-cpp";
import { basename } from "node:path";
import { checkPair, checkSmallAlone, type PairEstimate } from "./modelfiles/pairCheck";
import { abortError, EngineError, isAbortError } from "./errors";
import { buildFimPrompt, DEFAULT_FIM_LIMITS, DEFAULT_PROMPT_LAYOUT, type FimLimits, type PromptLayout } from "./fim";
import { lanesOf, warmContextHead } from "./promptContext/warm";
import type { WarmContextRequest, WarmContextResult } from "./promptContext/warmTypes";
import { detokenizeContinuation, fimFormatOf, tokenizeContinuation } from "./fimFormats/modelFim";
import { DEFAULT_TOKEN_HEALING, healPrompt, healsPrompt, type HealedPrompt, type TokenHealing } from "./tokenHealing";
import { Generation } from "./generation";
import type { Lane } from "./lane";
import { LocalLane } from "./localLane";
import { getLlamaFor, llamaLogMark, loadFailureSince, loadLlamaModule } from "./llama";
import type { Device, GpuSetting } from "./placement";
import { decodeEad } from "./modes/ead";
import { decodeSingle } from "./modes/single";
import { decodeSpeculative } from "./modes/speculative";
import { normalizeSettings } from "./settings";
import { DEFAULT_DECODE_SETTINGS, type CompletionRequest, type CompletionResult, type DecodeSettings, type ModelRole, type PromptContext, type TokenEvent } from "./types";
import { parameterCount, vocabularySize } from "./modelFacts";
import { vocabMask } from "./vocabMask";
import { PROMPT_BATCH_SIZE } from "./batchSize";
import { remoteLargeLane, type LargeServerOptions } from "./remote/connect";
import { isLaneUnavailable, type RemoteLane, type RemoteLaneState } from "./remote/remoteLane";


export interface EngineLoadOptions {
  smallModelPath: string;
  /** Ignored when `largeServer` is set. */
  largeModelPath: string;
  /** The large model on a team llama-server instead of a local file (ead.largeServer). */
  largeServer?: LargeServerOptions;
  /** Called when the team server goes down or comes back (once per change). */
  onRemoteState?: (state: RemoteLaneState) => void;
  /** Threads per model. */
  threads?: number;
  contextSize?: number;
  /**
   * Tokens per evaluation chunk (llama.cpp's batch and micro-batch); also the granularity of
   * cancellation during prefill. Default PROMPT_BATCH_SIZE.
   */
  batchSize?: number;
  fimLimits?: FimLimits;
  /** Where the models may run (the ead.gpu setting); default off (CPU only). */
  gpu?: GpuSetting;
  /** RAM the pair may use, bytes (the ead.memoryBudgetMB setting); default the memory available. */
  availableBytes?: number;
  /** Prompt layout for requests that name none (fim.ts). */
  promptLayout?: PromptLayout;
  /** Token healing (tokenHealing.ts): on, off (the prompt as typed), for prompts with context, or auto; default DEFAULT_TOKEN_HEALING. */
  tokenHealing?: TokenHealing;
}

export interface ModelInfo {
  path: string;
  name: string;
  parameters: number;
  sizeBytes: number;
}

export interface EngineInfo {
  small: ModelInfo;
  large: ModelInfo;
  contextSize: number;
  /** The shorter of the two models' training contexts (n_ctx_train): prompt plus completion stay within it. */
  trainContextSize: number;
  threads: number;
  /** Token ids both models have (the smaller vocabulary): the only ids either model writes. */
  vocabularySize: number;
  /** Entries each file lists (converters pad to the embedding size, so they may differ by up to 128). */
  vocabularySizes: Record<ModelRole, number>;
  /** Where each model runs, and the GPU backend in use (false: none). */
  placement: Record<ModelRole, Device>;
  gpu: string | false;
  /** The memory check's figures (estimates where the models were placed). */
  memory: PairEstimate;
  /** The team server's state at load, when the large model runs there. */
  remote?: RemoteLaneState;
}

export interface CompleteOptions {
  onToken?: (event: TokenEvent) => void;
  signal?: AbortSignal;
  /** Ends the completion normally after the current token, returning its text and stats so far. */
  stop?: AbortSignal;
  /** Called with corrections made to out-of-range settings. */
  onWarning?: (message: string) => void;
}

/** Recorded in a completion's stats when the large lane could not be used and the small model went on. */
export const FALLBACK_NOTE = "The team server could not be used; the small model wrote the rest";

export class EadEngine {
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;
  /** The context warm-up queued or running, if any: a completion request aborts it. */
  private warming: AbortController | undefined;

  private constructor(
    readonly models: { small: LlamaModel; large?: LlamaModel },
    readonly lanes: Record<ModelRole, Lane>,
    readonly info: EngineInfo,
    private readonly fimLimits: FimLimits,
    private readonly promptLayout: PromptLayout,
    /** Which completions heal the prompt's last token (EngineLoadOptions.tokenHealing). */
    readonly tokenHealing: TokenHealing = DEFAULT_TOKEN_HEALING,
  ) {}

  static async load(options: EngineLoadOptions): Promise<EadEngine> {
    const threads = options.threads ?? 1;
    const contextSize = options.contextSize ?? 4096;
    const batchSize = options.batchSize ?? PROMPT_BATCH_SIZE;
    // Files, shared vocabulary, where each model runs and a memory estimate, from the headers alone,
    // before any weights load.
    const gpu = options.gpu ?? "off";
    const server = options.largeServer;
    const checkOptions = { contextSize, batchSize, gpu, threads, availableBytes: options.availableBytes };
    const memory = server ? await checkSmallAlone(options.smallModelPath, checkOptions) : await checkPair(options.smallModelPath, options.largeModelPath, checkOptions);
    const llama = await getLlamaFor(gpu, Math.max(2, threads * 2));

    const loaded: LlamaModel[] = [];
    const loadModel = async (path: string, role: ModelRole) => {
      const mark = llamaLogMark();
      try {
        const model = await llama.loadModel({ modelPath: path, gpuLayers: memory.placement[role] === "gpu" ? "max" : 0 });
        loaded.push(model);
        return model;
      } catch (error) {
        // llama.cpp's log lines arrive a moment after the failure they explain.
        let reason = loadFailureSince(mark);
        for (let i = 0; i < 10 && !reason; i++) {
          await new Promise((r) => setTimeout(r, 20));
          reason = loadFailureSince(mark);
        }
        reason ??= (error as Error).message;
        throw new EngineError("MODEL_INVALID", `The ${role} model file ${basename(path)} could not be loaded: ${reason}`);
      }
    };
    try {
      const small = await loadModel(options.smallModelPath, "small");
      if (server) return await EadEngine.withServer(options, server, small, memory, threads, contextSize, batchSize);
      const large = await loadModel(options.largeModelPath, "large");
      // Ids past the smaller vocabulary (converter padding) are masked in the model that has them.
      const sizes = { small: vocabularySize(small), large: vocabularySize(large) };
      const shared = Math.min(sizes.small, sizes.large);
      const lib = await loadLlamaModule();
      const makeLane = async (role: ModelRole, model: LlamaModel) => {
        const context = await model.createContext({ contextSize, batchSize, threads, sequences: 1 });
        return new LocalLane(role, model, context, context.getSequence(), batchSize, vocabMask(lib, model, sizes[role], shared));
      };
      const lanes = { small: await makeLane("small", small), large: await makeLane("large", large) };
      const describe = (path: string, model: LlamaModel): ModelInfo => ({
        path,
        name: basename(path),
        parameters: parameterCount(model),
        sizeBytes: model.size,
      });
      const info: EngineInfo = {
        small: describe(options.smallModelPath, small),
        large: describe(options.largeModelPath, large),
        contextSize: lanes.small.contextSize,
        trainContextSize: Math.min(small.trainContextSize || Infinity, large.trainContextSize || Infinity),
        threads,
        vocabularySize: shared,
        vocabularySizes: sizes,
        placement: memory.placement,
        gpu: memory.gpu,
        memory,
      };
      return new EadEngine({ small, large }, lanes, info, options.fimLimits ?? DEFAULT_FIM_LIMITS, options.promptLayout ?? DEFAULT_PROMPT_LAYOUT, options.tokenHealing ?? DEFAULT_TOKEN_HEALING);
    } catch (error) {
      await Promise.allSettled(loaded.map((m) => m.dispose()));
      if (error instanceof EngineError) throw error;
      throw new EngineError("INTERNAL", (error as Error).message);
    }
  }

  /** The engine with the large model on a team server: the small model local, the large lane remote. */
  private static async withServer(
    options: EngineLoadOptions,
    server: LargeServerOptions,
    small: LlamaModel,
    memory: PairEstimate,
    threads: number,
    contextSize: number,
    batchSize: number,
  ): Promise<EadEngine> {
    const context = await small.createContext({ contextSize, batchSize, threads, sequences: 1 });
    const remote = remoteLargeLane(options.smallModelPath, small, server, options.onRemoteState);
    // A server that is down or serves another model does not stop the load: the small model writes
    // until it comes back (the state says why).
    const state = await remote.connect();
    const size = vocabularySize(small);
    const facts = state.model;
    const smallInfo: ModelInfo = { path: options.smallModelPath, name: basename(options.smallModelPath), parameters: parameterCount(small), sizeBytes: small.size };
    const info: EngineInfo = {
      small: smallInfo,
      // Named by its URL, whether or not the server answered at load: the budget keeps its state per pair name.
      large: { path: server.url, name: server.url, parameters: facts?.parameters ?? 0, sizeBytes: 0 },
      contextSize,
      trainContextSize: Math.min(small.trainContextSize || Infinity, facts?.trainContextSize || Infinity),
      threads,
      vocabularySize: size,
      vocabularySizes: { small: size, large: facts?.vocabularySize ?? size },
      placement: memory.placement,
      gpu: memory.gpu,
      memory,
      remote: state,
    };
    const lanes = { small: new LocalLane("small", small, context, context.getSequence(), batchSize), large: remote };
    const engine = new EadEngine({ small }, lanes, info, options.fimLimits ?? DEFAULT_FIM_LIMITS, options.promptLayout ?? DEFAULT_PROMPT_LAYOUT, options.tokenHealing ?? DEFAULT_TOKEN_HEALING);
    engine.onRemoteState = options.onRemoteState;
    return engine;
  }

  /** Told the team server's state after each completion that used it (its round trip changes). */
  private onRemoteState: ((state: RemoteLaneState) => void) | undefined;

  /** The team server's state now (undefined when the large model is local). */
  get remoteState(): RemoteLaneState | undefined {
    return (this.lanes.large as Partial<RemoteLane>).state as RemoteLaneState | undefined;
  }

  /**
   * The FIM prompt every mode uses for this prefix and suffix, cut so that it and the completion
   * (`maxTokens`, plus a draft batch) fit both the context and the models' training context.
   */
  buildPrompt(
    prefix: string,
    suffix = "",
    room: Pick<DecodeSettings, "maxTokens" | "draftTokens"> = DEFAULT_DECODE_SETTINGS,
    layout: PromptLayout = this.promptLayout,
    context?: PromptContext,
  ): number[] {
    return buildFimPrompt(this.models.small, prefix, suffix, this.fimLimits, this.promptBudget(room), layout, context);
  }

  /**
   * The prompt a completion evaluates: `buildPrompt`'s (same arguments), with its last token taken back
   * for the first token written to heal (tokenHealing.ts) where `tokenHealing` says so for its context.
   */
  completionPrompt(...args: Parameters<EadEngine["buildPrompt"]>): HealedPrompt {
    const prompt = this.buildPrompt(...args);
    if (!healsPrompt(this.tokenHealing, args[0], args[4])) return { prompt };
    // buildPrompt has checked that the model has a FIM format.
    const small = this.models.small;
    const fim = fimFormatOf(small)!;
    return healPrompt(prompt, (token) => this.detokenize([token]), (token) => this.isControl(token), (text) => tokenizeContinuation(small, text, fim));
  }

  /**
   * Tokens a prompt may have when the completion needs `room`. A completion asking for more than half
   * the window still leaves the prompt half of it: a suggestion with no context is worth nothing.
   */
  promptBudget(room: Pick<DecodeSettings, "maxTokens" | "draftTokens"> = DEFAULT_DECODE_SETTINGS): number {
    const window = Math.min(this.info.contextSize, this.info.trainContextSize);
    return Math.max(Math.floor(window / 2), window - room.maxTokens - room.draftTokens - 1);
  }

  tokenize(text: string): number[] {
    return this.models.small.tokenize(text, false) as number[];
  }

  /** Text of generated tokens (a middle: SentencePiece's leading space is kept, fimFormats/modelFim.ts). */
  detokenize(tokens: readonly number[]): string {
    return detokenizeContinuation(this.models.small, tokens, fimFormatOf(this.models.small));
  }

  /** Runs one completion; queued behind any running one. A context warm-up gives way to it. */
  complete(request: CompletionRequest, options: CompleteOptions = {}): Promise<CompletionResult> {
    this.warming?.abort();
    const run = this.queue.then(() => this.run(request, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Evaluates the start of the prompts a context will give (BOS and the context block) in the local
   * lanes the request's mode uses, while the editor is idle, so the next completion with it evaluates
   * only its own text. A completion request, a later warm-up or `signal` aborts it (ABORTED); what it
   * evaluated stays cached.
   */
  warmContext(request: WarmContextRequest, options: { signal?: AbortSignal } = {}): Promise<WarmContextResult> {
    this.warming?.abort();
    const controller = new AbortController();
    this.warming = controller;
    const forward = () => controller.abort();
    options.signal?.addEventListener("abort", forward, { once: true });
    if (options.signal?.aborted) controller.abort();
    const run = this.queue.then(() => this.warm(request, controller.signal));
    this.queue = run.catch(() => undefined);
    return run.finally(() => {
      options.signal?.removeEventListener("abort", forward);
      if (this.warming === controller) this.warming = undefined;
    });
  }

  private async warm(request: WarmContextRequest, signal: AbortSignal): Promise<WarmContextResult> {
    if (this.disposed) throw new EngineError("NOT_LOADED", "The engine was shut down.");
    if (signal.aborted) throw abortError();
    const { settings } = normalizeSettings(request.settings);
    this.refreshRemoteFacts();
    try {
      return await warmContextHead(this.models.small, this.lanes, lanesOf(settings.mode), request.context, this.promptBudget(settings), signal);
    } catch (error) {
      if (!isAbortError(error)) await Promise.allSettled([this.lanes.small.reset(), this.lanes.large.reset()]);
      throw error;
    }
  }

  private async run(request: CompletionRequest, options: CompleteOptions): Promise<CompletionResult> {
    if (this.disposed) throw new EngineError("NOT_LOADED", "The engine was shut down.");
    const { settings, warnings } = normalizeSettings(request.settings);
    for (const w of warnings) options.onWarning?.(w);
    this.refreshRemoteFacts();
    const { prompt, healing } = this.completionPrompt(request.prefix, request.suffix ?? "", settings, request.layout, request.context);
    const generation = new Generation({
      prompt,
      healing,
      settings,
      isStop: request.ignoreStops ? () => false : (token) => this.isStop(token),
      detokenize: (tokens) => this.detokenize(tokens),
      contextSize: this.info.contextSize,
      params: { small: this.info.small.parameters, large: this.largeParameters() },
      onToken: options.onToken,
      signal: options.signal,
      stop: options.stop,
      schedule: request.schedule,
    });
    try {
      try {
        if (settings.mode === "small" || settings.mode === "large") await decodeSingle(generation, this.lanes[settings.mode]);
        else if (settings.mode === "ead") await decodeEad(generation, this.lanes);
        else await decodeSpeculative(generation, this.lanes);
      } catch (error) {
        if (!isLaneUnavailable(error)) throw error;
        // The team server failed or is down: what was written stays, the small model writes the rest.
        generation.stats.fallback = `${FALLBACK_NOTE}: ${(error as Error).message}`;
        await decodeSingle(generation, this.lanes.small);
      }
    } catch (error) {
      if (!isAbortError(error)) {
        // A failed evaluation leaves the caches in an unknown state: start clean next time.
        await Promise.allSettled([this.lanes.small.reset(), this.lanes.large.reset()]);
      }
      throw error;
    } finally {
      this.lanes.large.release?.();
      const remote = this.remoteState;
      if (remote?.up && generation.stats.evaluated.large > 0) this.onRemoteState?.(remote);
    }
    return generation.finish();
  }

  /** The large model's parameter count for the cost figure; a server not yet reached counts as unknown. */
  private largeParameters(): number {
    return this.info.large.parameters || this.info.small.parameters;
  }

  /** Takes in what the pairing check learnt of the served model (it may have been down at load). */
  private refreshRemoteFacts(): void {
    const facts = this.remoteState?.model;
    if (!facts) return;
    this.info.large.parameters = facts.parameters;
    this.info.vocabularySizes.large = facts.vocabularySize;
    // The prompt and completion must fit the server's slot and training context too.
    this.info.contextSize = Math.min(this.lanes.small.contextSize, facts.slotContextSize || Infinity);
    this.info.trainContextSize = Math.min(this.models.small.trainContextSize || Infinity, facts.trainContextSize || Infinity);
  }

  /** End of generation, FIM markers and the family's own end tokens: what ends a completion. */
  isStop(token: number): boolean {
    return this.models.small.isEogToken(token as never) || this.isFimControl(token);
  }

  /** What is not text: the stops and BOS. Healing never takes such a token back. */
  private isControl(token: number): boolean {
    return this.isStop(token) || this.models.small.tokens.bos === token;
  }

  /** FIM markers and the family's own end tokens (fimFormats/), some of which llama.cpp does not count as end of generation. */
  private isFimControl(token: number): boolean {
    return fimFormatOf(this.models.small)?.endTokens.has(token) ?? false;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await this.queue;
    await Promise.allSettled([this.lanes.small.dispose(), this.lanes.large.dispose()]);
    await Promise.allSettled([this.models.small.dispose(), this.models.large?.dispose()]);
  }
}
