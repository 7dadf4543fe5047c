// Tokens of one text piece of the context block, memoised per model: chunks stay the same across many
// requests, and each piece is tokenized on its own (as llama-server does), so equal chunks give equal
// tokens whatever surrounds them, and the KV cache keeps them.
import type { LlamaModel } from "node-llama-cpp";
import { tokenizeContinuation } from "../fimFormats/modelFim";
import type { ResolvedFim } from "../fimFormats/types";

/** Characters of text the memo of one model holds before it starts over (a few megabytes). */
const MEMO_CHARS = 4_000_000;

const memos = new WeakMap<LlamaModel, { pieces: Map<string, readonly number[]>; chars: number }>();

/**
 * Tokens of `text` as a piece that continues other text (no SentencePiece space of its own: the block
 * follows BOS or a marker, never starts a text the way the prefix does).
 */
export function pieceTokens(model: LlamaModel, fim: ResolvedFim, text: string): readonly number[] {
  let memo = memos.get(model);
  if (!memo) memos.set(model, (memo = { pieces: new Map(), chars: 0 }));
  let tokens = memo.pieces.get(text);
  if (tokens === undefined) {
    tokens = tokenizeContinuation(model, text, fim);
    if (memo.chars + text.length > MEMO_CHARS) {
      memo.pieces.clear();
      memo.chars = 0;
    }
    memo.pieces.set(text, tokens);
    memo.chars += text.length;
  }
  return tokens;
}
