// DeepSeek-Coder: <｜fim▁begin｜>prefix<｜fim▁hole｜>suffix<｜fim▁end｜> after BOS (its tokenizer adds
// <｜begin▁of▁sentence｜>); the middle ends with <｜end▁of▁sentence｜>. No repo-level tokens.
import type { FimFormat } from "./types";

export const deepseekCoder: FimFormat = {
  family: "deepseek-coder",
  title: "DeepSeek-Coder",
  marks: ["<｜fim▁begin｜>", "<｜fim▁hole｜>", "<｜fim▁end｜>"],
  texts: { prefix: "<｜fim▁begin｜>", suffix: "<｜fim▁hole｜>", middle: "<｜fim▁end｜>" },
  order: "prefix-first",
  // <|EOT|> ends the instruct models' turns: never code.
  endTexts: ["<｜end▁of▁sentence｜>", "<|EOT|>"],
  example: "DeepSeek-Coder 1.3B base",
};
