// The remote lane: the large model's lane backed by a llama-server slot. The slot's prompt cache plays
// the part of the local KV cache: each request sends the whole token sequence (`cache_prompt`), and the
// server evaluates only what its slot lacks, so a catch-up is one request. While this lane writes, it
// streams the server's greedy continuation and serves the next positions from that stream; when the
// caller hands the writing back (release), the stream is closed and the server stops.
//
// The server reports, per generated position, the top-K log-probabilities of the full-vocabulary
// softmax before any sampler ran. Renormalised over those K tokens they are exactly the local lane's
// top-K distribution at temperature 1 (a softmax over the K largest logits), so the entropy, the greedy
// token and the rollback probabilities agree with the local lane's on the same model.
import { entropyBits } from "../entropy";
import { abortError, EngineError } from "../errors";
import type { AdvanceOptions, AdvanceResult, Lane, NextToken } from "../lane";
import type { ModelRole } from "../types";
import { OutageTracker, type OutageState } from "./outage";
import { checkServerPairing, type LocalVocabulary, type ServerModelFacts } from "./pairing";
import { serverDistribution } from "./serverDistribution";
import { RemoteError, ServerApi, type CompletionBody, type CompletionTimings, type ServerOptions, type ServerStep } from "./serverApi";

export interface RemoteLaneOptions extends ServerOptions {
  /** The slot this client keeps, so the server keeps its prompt cached. */
  slot?: number;
  /** Ids at or past this are masked (the other model lacks them). */
  maskFrom?: number;
  onStateChange?: (state: RemoteLaneState) => void;
  /** First wait before retrying after a failure, ms (doubles up to 30 s). */
  retryMs?: number;
}

export interface RemoteLaneState extends OutageState {
  url: string;
  /** The served model, once the pairing check has passed. */
  model?: ServerModelFacts;
  /** Time from sending the last request to its first answer (network and the server's prompt work), ms. */
  roundTripMs?: number;
}

/** The server cannot be used now: the caller goes on with the small model. */
export function laneUnavailable(reason: string): EngineError {
  return new EngineError("REMOTE_UNAVAILABLE", reason);
}

export function isLaneUnavailable(error: unknown): boolean {
  return error instanceof EngineError && error.code === "REMOTE_UNAVAILABLE";
}

/**
 * A position the server generated but withheld (its token ends inside a UTF-8 character): its token is
 * asked for separately, and its distribution is unknown (see `withheld`).
 */
const WITHHELD = -1;

/** A running greedy continuation of `base`: step i is the distribution after base + tokens 0..i-1. */
interface Stream {
  base: readonly number[];
  /** Tokens the server generated, in order; a withheld one has token WITHHELD until asked for. */
  steps: ServerStep[];
  timings?: CompletionTimings;
  ended: boolean;
  error?: unknown;
  controller: AbortController;
  wake: (() => void) | undefined;
  /** Steps already handed out (the evaluated count of later ones is 1 each). */
  served: number;
}

export class RemoteLane implements Lane {
  readonly role: ModelRole = "large";
  evaluatedTokens = 0;
  evaluationMs = 0;
  private readonly api: ServerApi;
  private readonly outage: OutageTracker;
  private facts: ServerModelFacts | undefined;
  private cached: readonly number[] = [];
  private stream: Stream | undefined;
  private roundTripMs: number | undefined;
  /** Entropy of the last distribution handed out: stands in for a withheld position's. */
  private lastEntropy = 0;
  /** Positions whose probabilities the server withheld (tokens ending inside a UTF-8 character). */
  withheldPositions = 0;
  /** Generating requests sent (streams opened): each is a round trip before its first answer. */
  streamsOpened = 0;
  /** The pairing must be (re)checked before the next request: at first, and after an outage. */
  private pairingDue = true;

  constructor(
    private readonly local: LocalVocabulary,
    private readonly options: RemoteLaneOptions,
  ) {
    this.api = new ServerApi(options);
    this.outage = new OutageTracker(() => this.options.onStateChange?.(this.state), { firstRetryMs: options.retryMs });
  }

  get state(): RemoteLaneState {
    return { ...this.outage.state, url: this.api.url, model: this.facts, roundTripMs: this.roundTripMs };
  }

  get model(): ServerModelFacts | undefined {
    return this.facts;
  }

  get contextSize(): number {
    return this.facts?.slotContextSize || Infinity;
  }

  get cachedTokens(): readonly number[] {
    return this.cached;
  }

  /** Checks the pairing now (at load); a failure marks the lane down instead of throwing. */
  async connect(signal?: AbortSignal): Promise<RemoteLaneState> {
    try {
      await this.ensurePaired(signal);
      this.outage.succeeded();
    } catch (error) {
      if (signal?.aborted) throw abortError();
      this.outage.failed(reasonOf(error));
    }
    return this.state;
  }

  async advance(target: readonly number[], options: AdvanceOptions): Promise<AdvanceResult> {
    const outputsFrom = options.outputsFrom ?? target.length - 1;
    if (outputsFrom < 0 || outputsFrom >= target.length) throw new RangeError("outputsFrom out of range");
    if (options.signal?.aborted) throw abortError();
    if (!this.outage.mayTry) throw laneUnavailable(this.outage.state.reason ?? "the team server is unavailable");
    const t0 = performance.now();
    try {
      await this.ensurePaired(options.signal);
      const result: AdvanceResult = { next: [], evaluated: 0, reused: 0 };
      // Each wanted position is the next one of a prefix of the target: one request (or stream step) each.
      // Judging tokens another model wrote (rollback, verification): one stream covers them as long as
      // they follow the server's greedy path; where they leave it, a new request starts there.
      for (let end = outputsFrom + 1; end <= target.length; end++) {
        const ahead = end < target.length ? target.length - end + 1 : outputsFrom === target.length - 1 ? (options.readAhead ?? 1) : 1;
        const step = await this.nextAfter(target.slice(0, end), options, ahead);
        if (end === outputsFrom + 1) result.reused = step.reused;
        result.evaluated += step.evaluated;
        result.next.push(step.next);
      }
      this.outage.succeeded();
      return result;
    } catch (error) {
      this.release();
      this.cached = [];
      if (options.signal?.aborted) throw abortError();
      if (error instanceof RemoteError) {
        // The server may come back with another model: check the pairing again before using it.
        this.pairingDue = true;
        this.outage.failed(error.message);
        throw laneUnavailable(error.message);
      }
      throw error;
    } finally {
      this.evaluationMs += performance.now() - t0;
    }
  }

  /** The caller stopped taking this lane's tokens: close the stream so the server stops writing. */
  release(): void {
    const s = this.stream;
    if (!s) return;
    this.stream = undefined;
    s.controller.abort();
  }

  async reset(): Promise<void> {
    this.release();
    this.cached = [];
  }

  async dispose(): Promise<void> {
    this.release();
  }

  private async ensurePaired(signal?: AbortSignal): Promise<void> {
    if (!this.pairingDue) return;
    // One plain round trip first (and a clear "cannot reach" when the server is not there).
    const t0 = performance.now();
    await this.api.getJson("/health", signal);
    this.roundTripMs = performance.now() - t0;
    this.facts = await checkServerPairing(this.api, this.local, signal);
    this.pairingDue = false;
  }

  /** The distribution after `prefix`, from the running stream when it continues into `prefix`, else a new one. */
  private async nextAfter(prefix: readonly number[], options: AdvanceOptions, readAhead: number): Promise<{ next: NextToken; evaluated: number; reused: number }> {
    let s = this.stream;
    // A prefix past what the stream has produced so far can only be checked once it gets there (and
    // only a prefix that starts with the stream's base can be on its path at all).
    if (s && !startsWith(prefix, s.base)) s = undefined;
    while (s && !s.ended && prefix.length - s.base.length > s.steps.length) await this.waitFor(s, prefix.length - s.base.length - 1, options.signal);
    let index = s ? continuationIndex(s, prefix) : -1;
    const fresh = !s || index < 0;
    if (!s || index < 0) {
      this.release();
      s = this.open(prefix, options.topK, Math.max(1, readAhead));
      index = 0;
    }
    let step = await this.waitFor(s, index, options.signal);
    if (step?.token === WITHHELD) step = await this.fillWithheld(s, index, prefix, options);
    if (!step) {
      if (fresh) throw new RemoteError("stream", `${this.api.url} ended a completion without writing a token (is its slot context full?)`);
      // The stream ended (its length, or an end token) before this position: ask anew.
      this.release();
      return this.nextAfter(prefix, options, readAhead);
    }
    const first = s.served === 0;
    s.served = Math.max(s.served, index + 1);
    this.cached = prefix;
    const evaluated = first ? (s.timings?.promptEvaluated ?? prefix.length) : 1;
    this.evaluatedTokens += evaluated;
    return { next: this.toNext(step), evaluated, reused: first ? (s.timings?.promptCached ?? 0) : prefix.length - 1 };
  }

  /**
   * A withheld position: the server reports neither its token nor its distribution while a UTF-8
   * character is incomplete. The token is asked for on its own (the stream stops first: it holds the
   * slot); the window keeps the previous entropy for it, and its distribution is the token alone.
   */
  private async fillWithheld(s: Stream, index: number, prefix: readonly number[], options: AdvanceOptions): Promise<ServerStep> {
    this.release();
    const token = await this.api.firstToken({ prompt: prefix, n_predict: 1, n_probs: 1, ...this.requestFields() }, options.signal);
    this.withheldPositions++;
    // No candidates: toNext knows the distribution is unknown.
    const step: ServerStep = { token, top: [], position: index, timings: s.steps[index]?.timings };
    s.steps[index] = step;
    return step;
  }

  /** What every generating request carries: this client's slot, and the mask of ids the small model lacks. */
  private requestFields(): Pick<CompletionBody, "id_slot" | "logit_bias"> {
    const limit = this.options.maskFrom;
    return {
      ...(this.options.slot !== undefined ? { id_slot: this.options.slot } : {}),
      ...(limit !== undefined && this.facts && this.facts.vocabularySize > limit ? { logit_bias: maskBias(limit, this.facts.vocabularySize) } : {}),
    };
  }

  private open(prefix: readonly number[], topK: number, predict: number): Stream {
    this.streamsOpened++;
    const controller = new AbortController();
    const s: Stream = { base: prefix, steps: [], ended: false, controller, wake: undefined, served: 0 };
    this.stream = s;
    const sent = performance.now();
    const body = { prompt: prefix, n_predict: predict, n_probs: topK, ...this.requestFields() };
    void (async () => {
      const it = this.api.complete(body, controller.signal);
      try {
        for (;;) {
          const r = await it.next();
          if (s.steps.length === 0) this.roundTripMs = performance.now() - sent;
          if (r.done) {
            s.timings ??= r.value.timings;
            while (s.steps.length < r.value.generated) s.steps.push({ token: WITHHELD, top: [], position: s.steps.length });
            break;
          }
          s.timings ??= r.value.timings;
          while (s.steps.length < r.value.position) s.steps.push({ token: WITHHELD, top: [], position: s.steps.length });
          s.steps.push(r.value);
          s.wake?.();
        }
      } catch (error) {
        s.error = error;
      } finally {
        s.ended = true;
        s.wake?.();
      }
    })();
    return s;
  }

  private async waitFor(s: Stream, index: number, signal?: AbortSignal): Promise<ServerStep | undefined> {
    const onAbort = () => s.wake?.();
    signal?.addEventListener("abort", onAbort);
    try {
      for (;;) {
        if (signal?.aborted) throw abortError();
        if (index < s.steps.length) return s.steps[index];
        if (s.ended) {
          // A stream this lane closed itself ended normally; any other failure is the server's.
          if (s.error && !s.controller.signal.aborted) throw s.error;
          return undefined;
        }
        await new Promise<void>((resolve) => (s.wake = resolve));
        s.wake = undefined;
      }
    } finally {
      signal?.removeEventListener("abort", onAbort);
    }
  }

  private toNext(step: ServerStep): NextToken {
    const limit = this.options.maskFrom ?? Infinity;
    // Never hand the small model an id it lacks, whatever the server wrote.
    const kept = step.top.filter((t) => t.id < limit);
    if (step.top.length > 0 && kept.length === 0) throw new RemoteError("stream", `${this.api.url} returned no probabilities (is n_probs supported?)`);
    const probabilities = serverDistribution(kept);
    if (!probabilities) {
      // Withheld, or no candidate with any mass: the token alone, the window keeping the last entropy.
      if (step.token >= limit) throw new RemoteError("stream", `${this.api.url} wrote token ${step.token}, which the small model lacks`);
      return { token: step.token, entropy: this.lastEntropy, probabilities: new Map([[step.token, 1]]) };
    }
    this.lastEntropy = entropyBits(probabilities);
    return { token: probabilities.keys().next().value!, entropy: this.lastEntropy, probabilities };
  }
}

/** Where `prefix` lies on the stream's greedy path: the index of the step that follows it, or -1. */
function continuationIndex(s: Stream, prefix: readonly number[]): number {
  const k = prefix.length - s.base.length;
  if (k < 0 || k > s.steps.length || !startsWith(prefix, s.base)) return -1;
  for (let i = 0; i < k; i++) if (s.steps[i].token !== prefix[s.base.length + i]) return -1;
  return k;
}

function startsWith(tokens: readonly number[], head: readonly number[]): boolean {
  if (tokens.length < head.length) return false;
  for (let i = 0; i < head.length; i++) if (tokens[i] !== head[i]) return false;
  return true;
}

function maskBias(from: number, size: number): [number, boolean][] {
  const bias: [number, boolean][] = [];
  for (let id = from; id < size; id++) bias.push([id, false]);
  return bias;
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
