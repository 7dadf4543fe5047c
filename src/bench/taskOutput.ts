// One completion of one task by one configuration, as the editor would show it: the unit that
// fidelity, the bootstrap and outputs.jsonl work on.
import type { CompletionResult } from "../engine/types";
import type { Score } from "./scoring";

export interface TaskOutput {
  /** Text the editor would show (after post-processing; first line only for line tasks). */
  text: string;
  /** The engine's text before post-processing. */
  rawText: string;
  /** Share of this completion's tokens the large model wrote (0 when it wrote no token). */
  largeShare: number;
  tokens: number;
  largeTokens: number;
  firstLarge: boolean;
  /** Against the task's reference. */
  exact: boolean;
  similarity: number;
  /** Tasks that name an identifier: whether the shown text starts with it. */
  identifierHit?: boolean;
}

export function taskOutput(result: Pick<CompletionResult, "text" | "tokens" | "stats">, score: Score): TaskOutput {
  const tokens = result.stats.smallTokens + result.stats.largeTokens;
  return {
    text: score.shown,
    rawText: result.text,
    largeShare: tokens ? result.stats.largeTokens / tokens : 0,
    tokens,
    largeTokens: result.stats.largeTokens,
    firstLarge: result.tokens[0]?.model === "large",
    exact: score.exact,
    similarity: score.similarity,
    ...(score.identifierHit !== undefined ? { identifierHit: score.identifierHit } : {}),
  };
}
