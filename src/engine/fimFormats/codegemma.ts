// CodeGemma: <|fim_prefix|>prefix<|fim_suffix|>suffix<|fim_middle|> after BOS; a middle ends with
// <|file_separator|>, which llama.cpp does not count as end of generation. Multi-file prompts put
// <|file_separator|> between files (CodeGemma model card); there is no repo-name token.
import type { FimFormat } from "./types";

export const codegemma: FimFormat = {
  family: "codegemma",
  title: "CodeGemma",
  // Same FIM spellings as Qwen: <|file_separator|> tells them apart.
  marks: ["<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>", "<|file_separator|>"],
  texts: {
    prefix: "<|fim_prefix|>",
    suffix: "<|fim_suffix|>",
    middle: "<|fim_middle|>",
    fileSep: "<|file_separator|>",
  },
  order: "prefix-first",
  endTexts: ["<|file_separator|>", "<eos>", "<end_of_turn>"],
  example: "CodeGemma 2B",
};
