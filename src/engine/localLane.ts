// The local lane: one node-llama-cpp context sequence whose KV cache is kept equal to a prefix of the
// shared token sequence. Advancing reuses the common prefix, evaluates only what is missing (prompt,
// or tokens the other model wrote) in chunks that honour cancellation, and returns next-token
// distributions where asked.
import type { LlamaContext, LlamaContextSequence, LlamaModel, Token } from "node-llama-cpp";
import { entropyBits } from "./entropy";
import { abortError } from "./errors";
import { frontDrop } from "./frontReuse";
import type { AdvanceOptions, AdvanceResult, Lane, NextToken } from "./lane";
import type { ModelRole } from "./types";
import type { VocabMask } from "./vocabMask";

export class LocalLane implements Lane {
  evaluationMs = 0;
  evaluatedTokens = 0;
  /** Cached tokens moved to new positions instead of being evaluated again (frontReuse.ts). */
  shiftedTokens = 0;
  /** The distribution after the last cached token, if it was computed: lets a repeated ask cost nothing. */
  private lastNext: { length: number; topK: number; next: NextToken } | undefined;

  constructor(
    readonly role: ModelRole,
    readonly model: LlamaModel,
    readonly context: LlamaContext,
    readonly sequence: LlamaContextSequence,
    readonly chunkSize: number,
    /** Ids this model has and the other lacks: never chosen (see vocabMask). */
    readonly mask?: VocabMask,
  ) {}

  get contextSize(): number {
    return this.sequence.contextSize;
  }

  get cachedTokens(): readonly number[] {
    return this.sequence.contextTokens;
  }

  async advance(target: readonly number[], options: AdvanceOptions): Promise<AdvanceResult> {
    const outputsFrom = options.outputsFrom ?? target.length - 1;
    if (outputsFrom < 0 || outputsFrom >= target.length) throw new RangeError("outputsFrom out of range");
    if (options.signal?.aborted) throw abortError();

    let cached = this.sequence.nextTokenIndex;
    let common = this.sequence.compareContextTokens(target as Token[]).firstDifferentIndex;
    // The prompt's front was cut further: shift the rest of the cache onto its new positions (frontReuse.ts).
    const drop = frontDrop(this.sequence.contextTokens, target, common);
    if (drop && drop.start < outputsFrom) {
      await this.sequence.eraseContextTokenRanges([drop]);
      this.lastNext = undefined;
      this.shiftedTokens += cached - drop.end;
      cached = this.sequence.nextTokenIndex;
      common = this.sequence.compareContextTokens(target as Token[]).firstDifferentIndex;
    }

    // A repeated ask for the next position of an unchanged cache is free.
    const memo = this.lastNext;
    if (
      outputsFrom === target.length - 1 &&
      common === target.length &&
      cached === target.length &&
      memo?.length === target.length &&
      memo.topK === options.topK
    ) {
      return { next: [memo.next], evaluated: 0, reused: target.length };
    }

    // Positions whose distributions are wanted must be evaluated now, so they cannot stay cached.
    const keep = Math.min(common, outputsFrom);
    if (keep < cached) {
      await this.sequence.eraseContextTokenRanges([{ start: keep, end: cached }]);
    }
    this.lastNext = undefined;

    const pending = target.slice(keep);
    const generateNext = {
      probabilities: true,
      options: { temperature: 1, topK: options.topK, topP: 1, minP: 0, ...(this.mask ? { tokenBias: this.mask.bias } : {}) },
    } as const;
    const next: NextToken[] = [];
    for (let start = 0; start < pending.length; start += this.chunkSize) {
      if (options.signal?.aborted) throw abortError();
      const chunk = pending.slice(start, start + this.chunkSize);
      const items = chunk.map((token, i) =>
        keep + start + i >= outputsFrom ? ([token as Token, { generateNext }] as const) : (token as Token),
      );
      const t0 = performance.now();
      const outputs = await this.sequence.controlledEvaluate(items as Parameters<LlamaContextSequence["controlledEvaluate"]>[0]);
      this.evaluationMs += performance.now() - t0;
      this.evaluatedTokens += chunk.length;
      for (let i = 0; i < chunk.length; i++) {
        if (keep + start + i < outputsFrom) continue;
        const probabilities = outputs[i]?.next.probabilities;
        if (!probabilities || probabilities.size === 0) throw new Error(`${this.role} model returned no distribution`);
        // The map is sorted by probability: its first key is the greedy token.
        const token = probabilities.keys().next().value as number;
        if (this.mask && token >= this.mask.limit) throw new Error(`${this.role} model chose token ${token}, which the other model lacks`);
        next.push({ token, entropy: entropyBits(probabilities), probabilities });
      }
    }
    this.lastNext = { length: target.length, topK: options.topK, next: next[next.length - 1] };
    return { next, evaluated: pending.length, reused: keep };
  }

  async reset(): Promise<void> {
    this.lastNext = undefined;
    await this.sequence.clearHistory();
  }

  async dispose(): Promise<void> {
    await this.context.dispose();
  }
}
