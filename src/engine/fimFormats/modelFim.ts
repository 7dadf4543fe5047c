// A loaded model's FIM format (resolved once per model) and the tokenisation rules it implies.
import type { LlamaModel, Token } from "node-llama-cpp";
import { EngineError } from "../errors";
import { noFimHint, resolveFim, vocabularyFromGguf, type GgufTokenizerKeys, type ResolvedFim } from "./index";

const resolved = new WeakMap<LlamaModel, ResolvedFim | null>();

function tokenizerKeys(model: LlamaModel): GgufTokenizerKeys {
  const meta = model.fileInfo?.metadata as { tokenizer?: { ggml?: GgufTokenizerKeys } } | undefined;
  return meta?.tokenizer?.ggml ?? {};
}

/** The model's format, or undefined when it has no usable FIM tokens. */
export function fimFormatOf(model: LlamaModel): ResolvedFim | undefined {
  let fim = resolved.get(model);
  if (fim === undefined) {
    const vocab = vocabularyFromGguf(tokenizerKeys(model));
    // llama.cpp's own answer on BOS wins over the rule read from the keys.
    vocab.addsBos = model.tokens.shouldPrependBosToken;
    fim = resolveFim(vocab) ?? fallback(model, vocab.addsBos) ?? null;
    resolved.set(model, fim);
  }
  return fim ?? undefined;
}

/** Where the metadata could not be read, node-llama-cpp's view of llama.cpp's FIM tokens. */
function fallback(model: LlamaModel, addsBos: boolean): ResolvedFim | undefined {
  const { prefix, suffix, middle } = model.tokens.infill;
  if (prefix == null || suffix == null || middle == null) return undefined;
  return {
    family: undefined,
    tokens: { prefix, suffix, middle },
    order: "prefix-first",
    middleInPrompt: true,
    bos: addsBos ? (model.tokens.bos ?? undefined) : undefined,
    spacelessPieces: false,
    endTokens: new Set([prefix, suffix, middle]),
  };
}

/** The model's format; a model without FIM tokens is refused with the reason and a hint. */
export function requireFim(model: LlamaModel): ResolvedFim {
  const fim = fimFormatOf(model);
  if (!fim) throw new EngineError("NO_FIM_TOKENS", noFimHint(model.filename ?? "The model"));
  return fim;
}

/**
 * Tokens of a text that continues other text (a suffix after its marker, the typed part of a line in
 * the middle). SentencePiece vocabularies put a space before every tokenized text; the families were
 * trained without it on these pieces, so a text is tokenized after a newline (a byte token no piece
 * merges across) and the newline's tokens are dropped, as Meta's and Mistral's tokenizers do with "☺".
 */
export function tokenizeContinuation(model: LlamaModel, text: string, fim: ResolvedFim): number[] {
  if (!text) return [];
  if (!fim.spacelessPieces) return model.tokenize(text, false) as number[];
  const mark = model.tokenize("\n", false) as number[];
  const all = model.tokenize("\n" + text, false) as number[];
  // Should the newline ever merge with the text, the plain tokens are the closest there is.
  return mark.every((t, i) => all[i] === t) ? all.slice(mark.length) : (model.tokenize(text, false) as number[]);
}

/**
 * Text of generated tokens. SentencePiece detokenisation drops the first piece's leading space (it
 * takes it for the space it added when tokenizing); a middle's leading space is real, so the tokens
 * are read as a continuation of other text.
 */
export function detokenizeContinuation(model: LlamaModel, tokens: readonly number[], fim: ResolvedFim | undefined): string {
  if (!fim?.spacelessPieces || tokens.length === 0) return model.detokenize(tokens as Token[], false);
  // After a newline's tokens (text, unlike a marker, which node-llama-cpp would not count as context).
  return model.detokenize(tokens as Token[], false, model.tokenize("\n", false));
}
