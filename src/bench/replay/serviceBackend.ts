// The replay's backend for our own stack: the CompletionService the extension uses (debounce,
// cancellation, typed-through reuse, cache, early stop) over an in-process engine, with every engine
// call measured from the engine's own counts.
import { CompletionService, type EngineLike, type ServiceSettings } from "../../completion/service";
import type { EadEngine } from "../../engine/engine";
import { isAbortError } from "../../engine/errors";
import { normalizeSettings } from "../../engine/settings";
import type { DecodeMode, DecodeSettings, ModelRole, PromptContext } from "../../engine/types";
import type { CallSink, ModelCall, ReplayAnswer, ReplayBackend, ReplayCancel, ReplayQuery } from "./backend";

export interface ServiceBackendOptions {
  mode: DecodeMode;
  /** Decode settings besides the mode (defaults: the extension's). */
  decode?: Partial<DecodeSettings>;
  debounceMs: number;
  /** `ead` mode on random-weight models: who writes each token, instead of the entropy policy. */
  schedule?: ModelRole[];
}

export class ServiceBackend implements ReplayBackend {
  readonly name: string;
  sink: CallSink | undefined;
  private readonly service: CompletionService;
  private readonly settings: ServiceSettings;
  private calls = 0;
  /** The latest query's context: it changes on the editor's events, never between a keystroke and its engine call. */
  private context: PromptContext | undefined;

  constructor(
    private readonly engine: EadEngine,
    private readonly options: ServiceBackendOptions,
  ) {
    this.name = options.mode;
    this.settings = { decode: { ...options.decode, mode: options.mode }, multiline: "auto", debounceMs: options.debounceMs };
    this.service = new CompletionService({
      engine: this.measuredEngine(),
      params: () => ({ small: engine.info.small.parameters, large: engine.info.large.parameters }),
    });
  }

  provide(query: ReplayQuery, cancel: ReplayCancel): Promise<ReplayAnswer | undefined> {
    this.context = query.context;
    return this.service.provide({ ...query, settings: this.settings }, cancel);
  }

  async warm(context: PromptContext): Promise<{ small: number; large: number }> {
    const warmed = await this.engine.warmContext({ context, settings: this.settings.decode });
    return { ...warmed.evaluated };
  }

  async endSession(): Promise<void> {
    await this.service.stop();
    this.service.reset();
  }

  /** Tokens each lane has evaluated so far (chunks finished before a cancel count too). */
  private meters(): Record<ModelRole, number> {
    return { small: this.engine.lanes.small.evaluatedTokens, large: this.engine.lanes.large.evaluatedTokens };
  }

  private measuredEngine(): EngineLike {
    return {
      complete: async (asked, options) => {
        const id = ++this.calls;
        // The service passes the query's context on where it knows the field; where it does not, the
        // engine call still gets the context the query carried.
        const context = asked.context ?? this.context;
        const request = context ? { ...asked, context } : asked;
        const promptTokens = this.engine.completionPrompt(request.prefix, request.suffix ?? "", normalizeSettings(request.settings).settings, request.layout, request.context).prompt.length;
        const before = this.meters();
        const startedAt = performance.now();
        let firstTokenAt: number | undefined;
        let tokens = 0;
        this.sink?.started(id);
        const suffixChars = request.suffix?.length ?? 0;
        const end = (call: Pick<ModelCall, "outcome" | "promptEvaluated" | "fallback">) =>
          this.sink?.finished(id, { ...call, startedAt, firstTokenAt, endedAt: performance.now(), promptTokens, suffixChars, tokens, contextChunks: context?.chunks.length ?? 0 });
        try {
          const result = await this.engine.complete(
            { ...request, schedule: this.options.schedule },
            {
              ...options,
              onToken: (event) => {
                firstTokenAt ??= performance.now();
                tokens++;
                options.onToken?.(event);
              },
            },
          );
          const evaluated = result.stats.promptEvaluated;
          if (!evaluated) throw new Error("the engine did not report its prompt evaluation counts");
          end({ outcome: "completed", promptEvaluated: { ...evaluated }, ...(result.stats.fallback ? { fallback: true } : {}) });
          return result;
        } catch (error) {
          // An aborted call returns no stats: what the lanes evaluated meanwhile was nearly all prompt
          // (generated tokens are few and the call stopped early), so count it, capped at the prompt.
          const after = this.meters();
          const cap = (role: ModelRole) => Math.min(promptTokens, after[role] - before[role]);
          end({ outcome: isAbortError(error) ? "cancelled" : "error", promptEvaluated: { small: cap("small"), large: cap("large") } });
          throw error;
        }
      },
    };
  }
}
