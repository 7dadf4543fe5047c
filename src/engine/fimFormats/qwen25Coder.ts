// Qwen2.5-Coder: <|fim_prefix|>prefix<|fim_suffix|>suffix<|fim_middle|>, repo-level
// <|repo_name|>name\n<|file_sep|>path\n... (Qwen2.5-Coder technical report, section 3).
import type { FimFormat } from "./types";

export const qwen25Coder: FimFormat = {
  family: "qwen2.5-coder",
  title: "Qwen2.5-Coder",
  marks: ["<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>"],
  texts: {
    prefix: "<|fim_prefix|>",
    suffix: "<|fim_suffix|>",
    middle: "<|fim_middle|>",
    pad: "<|fim_pad|>",
    repoName: "<|repo_name|>",
    fileSep: "<|file_sep|>",
  },
  order: "prefix-first",
  // What llama.cpp treats as end of generation for this vocabulary.
  endTexts: ["<|endoftext|>", "<|fim_pad|>", "<|repo_name|>", "<|file_sep|>", "<|im_end|>"],
  example: "Qwen2.5-Coder 1.5B base",
};
