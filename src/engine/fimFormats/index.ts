// The FIM formats of the common coder families, and how a vocabulary gets its format: family by the
// token texts it holds, FIM ids from the GGUF keys first and the family's spellings (or llama.cpp's)
// second, as llama.cpp itself resolves them.
import { codegemma } from "./codegemma";
import { codellama } from "./codellama";
import { codestral } from "./codestral";
import { deepseekCoder } from "./deepseekCoder";
import { qwen25Coder } from "./qwen25Coder";
import { starcoder2 } from "./starcoder2";
import type { FimFamily, FimFormat, FimTokenSet, ResolvedFim } from "./types";
import type { VocabularyFacts } from "./vocabulary";

export type { FimFamily, FimFormat, FimTokenSet, ResolvedFim } from "./types";
export { vocabularyFromGguf, type GgufTokenizerKeys, type VocabularyFacts } from "./vocabulary";

/** In detection order: CodeGemma before Qwen (same FIM spellings, CodeGemma also has <|file_separator|>). */
export const FIM_FORMATS: readonly FimFormat[] = [codegemma, qwen25Coder, deepseekCoder, starcoder2, codellama, codestral];

export const FIM_FAMILIES: readonly FimFamily[] = FIM_FORMATS.map((f) => f.family);

export function fimFormat(family: FimFamily): FimFormat {
  return FIM_FORMATS.find((f) => f.family === family)!;
}

/** The family whose marker tokens the vocabulary holds, if any. */
export function detectFimFormat(vocab: VocabularyFacts): FimFormat | undefined {
  return FIM_FORMATS.find((f) => f.marks.every((text) => vocab.idOf(text) !== undefined));
}

/** Spellings llama.cpp (src/llama-vocab.cpp) finds FIM tokens by, for vocabularies of no listed family. */
const LLAMA_CPP_SPELLINGS = {
  prefix: ["<|fim_prefix|>", "<fim-prefix>", "<fim_prefix>", "<｜fim▁begin｜>", "<PRE>", "▁<PRE>", "<|code_prefix|>", "<|prefix|>"],
  suffix: ["<|fim_suffix|>", "<fim-suffix>", "<fim_suffix>", "<｜fim▁hole｜>", "<SUF>", "▁<SUF>", "<|code_suffix|>", "<|suffix|>"],
  middle: ["<|fim_middle|>", "<fim-middle>", "<fim_middle>", "<｜fim▁end｜>", "<MID>", "▁<MID>", "<|code_middle|>", "<|middle|>"],
  pad: ["<|fim_pad|>", "<fim-pad>", "<fim_pad>", "<PAD>"],
  repoName: ["<|fim_repo|>", "<|repo_name|>", "<fim-repo>", "<REPO>", "<reponame>"],
  fileSep: ["<|file_sep|>"],
} as const;

function firstOf(vocab: VocabularyFacts, texts: readonly (string | undefined)[]): number | undefined {
  for (const text of texts) {
    const id = text === undefined ? undefined : vocab.idOf(text);
    if (id !== undefined) return id;
  }
  return undefined;
}

/**
 * The format for this vocabulary, or undefined when it has no usable FIM tokens (no prefix or suffix
 * marker, or a prefix-first format without a middle marker).
 */
export function resolveFim(vocab: VocabularyFacts): ResolvedFim | undefined {
  const format = detectFimFormat(vocab);
  const pick = (role: keyof FimTokenSet) => vocab.keyed[role] ?? firstOf(vocab, [format?.texts[role], ...(format ? [] : LLAMA_CPP_SPELLINGS[role])]);
  const tokens: FimTokenSet = {
    prefix: pick("prefix")!,
    suffix: pick("suffix")!,
    middle: pick("middle"),
    pad: pick("pad"),
    repoName: pick("repoName"),
    fileSep: pick("fileSep"),
  };
  const order = format?.order ?? "prefix-first";
  const middleInPrompt = order === "prefix-first";
  if (tokens.prefix === undefined || tokens.suffix === undefined || (middleInPrompt && tokens.middle === undefined)) return undefined;
  const ends = new Set<number>();
  for (const id of Object.values(tokens)) if (id !== undefined) ends.add(id);
  for (const text of format?.endTexts ?? []) {
    const id = vocab.idOf(text);
    if (id !== undefined) ends.add(id);
  }
  if (vocab.eos !== undefined) ends.add(vocab.eos);
  return {
    family: format?.family,
    tokens,
    order,
    middleInPrompt,
    bos: vocab.addsBos ? vocab.bos : undefined,
    spacelessPieces: vocab.addsSpacePrefix,
    endTokens: ends,
  };
}

/** What a user reads when a model has no FIM tokens: the reason and the kind of model that works. */
export function noFimHint(name: string): string {
  const examples = FIM_FORMATS.map((f) => f.example).slice(1, 4).join(", ");
  return `${name} has no fill-in-the-middle tokens; use a base coder model with fill-in-the-middle, e.g. ${examples}.`;
}
