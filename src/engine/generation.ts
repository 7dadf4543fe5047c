// The state of one completion shared by every decoding mode: the token sequence, emitted events,
// stop conditions, per-model counters and phase timings.
import { paramCost } from "./cost";
import type { Lane, NextToken } from "./lane";
import { TextStream } from "./textStream";
import { healNext, type Healing } from "./tokenHealing";
import type { CompletionResult, CompletionStats, DecodeSettings, ModelRole, PhaseTimes, TokenEvent } from "./types";

export type Phase = Exclude<keyof PhaseTimes, "total">;

export interface GenerationInit {
  prompt: readonly number[];
  settings: DecodeSettings;
  /** Tokens that end a completion (end-of-generation and FIM control tokens). */
  isStop: (token: number) => boolean;
  detokenize: (tokens: readonly number[]) => string;
  contextSize: number;
  /** Parameter counts, for the parameter-weighted cost. */
  params: { small: number; large: number };
  onToken?: (event: TokenEvent) => void;
  signal?: AbortSignal;
  /** Ends the completion normally after the current token (the caller has the text it needs). */
  stop?: AbortSignal;
  schedule?: readonly ModelRole[];
  /** The prompt's taken-back last token (tokenHealing.ts): the first token written must start with its text. */
  healing?: Healing;
}

export class Generation {
  readonly tokens: number[];
  readonly events: TokenEvent[] = [];
  readonly stats: CompletionStats;
  private readonly text: TextStream;
  private readonly started = performance.now();
  private readonly lanesSeen = new Set<ModelRole>();

  constructor(private readonly init: GenerationInit) {
    this.tokens = [...init.prompt];
    // The healed text was typed already: the completion shows what follows it.
    this.text = new TextStream(init.detokenize, init.healing?.text.length);
    this.stats = {
      smallTokens: 0,
      largeTokens: 0,
      switches: 0,
      evaluated: { small: 0, large: 0 },
      reused: { small: 0, large: 0 },
      promptEvaluated: { small: 0, large: 0 },
      ms: { prefill: 0, decode: 0, catchUp: 0, verify: 0, total: 0 },
      paramCost: 0,
      rollbacks: 0,
      rewritten: 0,
      drafted: 0,
      accepted: 0,
      stopReason: "maxTokens",
    };
  }

  get settings(): DecodeSettings {
    return this.init.settings;
  }

  get signal(): AbortSignal | undefined {
    return this.init.signal;
  }

  /** The writer a replayed schedule dictates for the next token, if any. */
  get scheduledWriter(): ModelRole | undefined {
    const schedule = this.init.schedule;
    return schedule ? (schedule[this.events.length] ?? schedule[schedule.length - 1]) : undefined;
  }

  get generatedCount(): number {
    return this.events.length;
  }

  /** Tokens still allowed by max tokens and by the context size (leaving room for a draft batch). */
  get remaining(): number {
    const room = this.init.contextSize - this.tokens.length - this.settings.draftTokens - 1;
    return Math.max(0, Math.min(this.settings.maxTokens - this.events.length, room));
  }

  isStop(token: number): boolean {
    return this.init.isStop(token);
  }

  /** One token's whole text (a healed first token's included). */
  tokenText(token: number): string {
    return this.init.detokenize([token]);
  }

  /** Next-token data at the current end of the sequence (plus optional extra tokens) from a lane. */
  async evaluate(lane: Lane, extra: readonly number[] = [], outputsFromEnd = 1, phase?: Phase): Promise<NextToken[]> {
    const target = extra.length ? [...this.tokens, ...extra] : this.tokens;
    const t0 = performance.now();
    const result = await lane.advance(target, {
      outputsFrom: target.length - outputsFromEnd,
      topK: this.settings.topK,
      signal: this.init.signal,
      readAhead: outputsFromEnd === 1 ? this.remaining : undefined,
    });
    const healing = this.init.healing;
    // Output k predicts the token at index outputsFrom + k + 1; the one at the prompt's end is healed.
    const at = this.init.prompt.length - 1 - (target.length - outputsFromEnd);
    if (healing && at >= 0 && at < result.next.length) {
      result.next[at] = healNext(result.next[at], healing, (token) => this.init.detokenize([token]), (token) => this.init.isStop(token));
    }
    const first = !this.lanesSeen.has(lane.role);
    this.lanesSeen.add(lane.role);
    // Evaluating prompt tokens (beyond the last one, whose distribution is always recomputed) is prefill.
    const prefill = result.reused < this.init.prompt.length - 1;
    const resolved: Phase = prefill ? "prefill" : (phase ?? (result.evaluated > 1 ? "catchUp" : "decode"));
    this.stats.ms[resolved] += performance.now() - t0;
    this.stats.evaluated[lane.role] += result.evaluated;
    // The lane evaluates everything from `reused` on; the part below the prompt's end is prompt.
    this.stats.promptEvaluated![lane.role] += Math.max(0, Math.min(result.reused + result.evaluated, this.init.prompt.length) - result.reused);
    if (first) this.stats.reused[lane.role] += result.reused;
    return result.next;
  }

  /** Length of the prompt: `tokens[promptLength + i]` is the token of `events[i]`. */
  get promptLength(): number {
    return this.init.prompt.length;
  }

  /**
   * Rollback: drops the generated tokens from sequence index `from` on (the large model rejected the
   * token there). The next emitted token carries `replaces` so stream consumers drop them too.
   */
  rollBack(from: number, probability: number): void {
    const first = from - this.init.prompt.length;
    const dropped = this.events.splice(first);
    this.tokens.length = from;
    this.text.truncate(first);
    for (const e of dropped) {
      if (e.model === "small") this.stats.smallTokens--;
      else this.stats.largeTokens--;
    }
    this.stats.rollbacks = (this.stats.rollbacks ?? 0) + 1;
    this.stats.rewritten = (this.stats.rewritten ?? 0) + dropped.length;
    this.pendingReplace = { count: dropped.length, text: dropped[0]?.text ?? "", probability };
  }

  private pendingReplace: TokenEvent["replaces"];

  /**
   * Appends a token written by `model`. Returns false when generation must stop
   * (a stop token, which is not emitted, or the token limit reached).
   */
  emit(token: number, model: ModelRole, entropy: number, rolling: number, heldBy?: TokenEvent["heldBy"]): boolean {
    if (this.isStop(token)) {
      this.stats.stopReason = "eog";
      return false;
    }
    this.tokens.push(token);
    const event: TokenEvent = { id: token, text: this.text.push(token), model, entropy, rolling };
    if (heldBy) event.heldBy = heldBy;
    if (this.pendingReplace) event.replaces = this.pendingReplace;
    this.pendingReplace = undefined;
    this.events.push(event);
    if (model === "small") this.stats.smallTokens++;
    else this.stats.largeTokens++;
    this.init.onToken?.(event);
    if (this.init.stop?.aborted) {
      this.stats.stopReason = "stopped";
      return false;
    }
    if (this.remaining <= 0) {
      this.stats.stopReason = this.events.length >= this.settings.maxTokens ? "maxTokens" : "contextFull";
      return false;
    }
    return true;
  }

  finish(): CompletionResult {
    const { smallTokens, largeTokens } = this.stats;
    const total = smallTokens + largeTokens;
    const fL = total === 0 ? 0 : largeTokens / total;
    this.stats.paramCost = paramCost(fL, this.init.params.small, this.init.params.large);
    this.stats.ms.total = performance.now() - this.started;
    return { text: this.text.text, tokens: this.events, stats: this.stats, settings: this.settings };
  }
}
