// The two models of a pair may list different numbers of tokens (converters pad each vocabulary to
// its embedding size: 151,936 for Qwen2.5-Coder 0.5B, 152,064 for 7B). Token ids pass between the
// models, so the model with more entries must never choose an id the other lacks: those ids get a
// "never" bias in its sampler, before the top-K cut, so its distribution and greedy choice come from
// the shared ids only.
import type { LlamaModel, Token, TokenBias } from "node-llama-cpp";
import type { LlamaModule } from "./llama";

export interface VocabMask {
  /** Ids at or above this are never chosen. */
  limit: number;
  bias: TokenBias;
}

/** A mask for `model` keeping ids below `limit`, or undefined when the model has no ids beyond it. */
export function vocabMask(lib: LlamaModule, model: LlamaModel, vocabularySize: number, limit: number): VocabMask | undefined {
  if (vocabularySize <= limit) return undefined;
  const ids: Token[] = [];
  for (let id = limit; id < vocabularySize; id++) ids.push(id as Token);
  return { limit, bias: lib.TokenBias.for(model).set(ids, "never") };
}
