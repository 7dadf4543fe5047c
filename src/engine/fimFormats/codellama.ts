// CodeLlama: <s>▁<PRE> prefix▁<SUF>suffix▁<MID> (Meta's reference, generation.py
// infilling_prompt_tokens): the prefix keeps SentencePiece's leading space, the suffix is tokenized
// without it. A middle ends with ▁<EOT>, which llama.cpp does not count as end of generation (its
// list spells it "_<EOT>"). No repo-level tokens.
import type { FimFormat } from "./types";

export const codellama: FimFormat = {
  family: "codellama",
  title: "CodeLlama",
  marks: ["▁<PRE>", "▁<SUF>", "▁<MID>"],
  texts: { prefix: "▁<PRE>", suffix: "▁<SUF>", middle: "▁<MID>" },
  order: "prefix-first",
  endTexts: ["▁<EOT>", "</s>"],
  example: "CodeLlama 7B (base, not Python or Instruct)",
};
