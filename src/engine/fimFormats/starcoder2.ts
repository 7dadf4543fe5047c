// StarCoder2: <fim_prefix>prefix<fim_suffix>suffix<fim_middle>; repo-level <repo_name>name<file_sep>path\n...
// (StarCoder2 paper, section 5). llama.cpp knows <fim_*> but not <repo_name>/<file_sep>: written
// inside a middle they mean the model moved on to another file, so they end it here.
import type { FimFormat } from "./types";

export const starcoder2: FimFormat = {
  family: "starcoder2",
  title: "StarCoder2",
  marks: ["<fim_prefix>", "<fim_suffix>", "<fim_middle>", "<file_sep>"],
  texts: {
    prefix: "<fim_prefix>",
    suffix: "<fim_suffix>",
    middle: "<fim_middle>",
    pad: "<fim_pad>",
    repoName: "<repo_name>",
    fileSep: "<file_sep>",
  },
  order: "prefix-first",
  endTexts: ["<|endoftext|>", "<fim_pad>", "<repo_name>", "<file_sep>"],
  example: "StarCoder2 3B",
};
