// What a context warm-up asks and answers: plain data, so it crosses the host process boundary and the
// editor side can name it without naming llama.cpp.
import type { DecodeSettings, ModelRole, PromptContext } from "../types";

export interface WarmContextRequest {
  context: PromptContext;
  /**
   * The settings the coming completions use: their room decides the prompt budget, hence the block's cut,
   * and their mode which lanes are warmed.
   */
  settings?: Partial<DecodeSettings>;
}

export interface WarmContextResult {
  /** Tokens of the prompt's start the context gives (BOS and the block). */
  tokens: number;
  /** Of those, tokens each lane evaluated now (0: already cached, a remote lane, or one the mode leaves idle). */
  evaluated: Record<ModelRole, number>;
}
