// Codestral: <s>[SUFFIX]suffix[PREFIX] prefix, and the middle follows (mistral-common's encode_fim):
// suffix first, no middle marker, the suffix tokenized without SentencePiece's leading space and the
// prefix with it. llama.cpp does not find [PREFIX]/[SUFFIX] by their text; GGUF keys may name them.
import type { FimFormat } from "./types";

export const codestral: FimFormat = {
  family: "codestral",
  title: "Codestral",
  marks: ["[PREFIX]", "[SUFFIX]"],
  texts: { prefix: "[PREFIX]", suffix: "[SUFFIX]", middle: "[MIDDLE]" },
  order: "suffix-first",
  endTexts: ["</s>"],
  example: "Codestral 22B",
};
