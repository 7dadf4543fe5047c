// What a fill-in-the-middle format is: one coder family's FIM tokens, the order it was trained on and
// the tokens that end its completions. Each family lives in its own file in this folder.

export type FimFamily = "qwen2.5-coder" | "deepseek-coder" | "starcoder2" | "codegemma" | "codellama" | "codestral";

/** Token texts of a family's FIM and repo-level tokens, as its vocabulary spells them. */
export interface FimTexts {
  prefix: string;
  suffix: string;
  /** Absent where the family's prompt has no middle marker in its vocabulary. */
  middle?: string;
  pad?: string;
  /** Repository name marker of a repo-level prompt. */
  repoName?: string;
  /** File separator of a repo-level prompt. */
  fileSep?: string;
}

export interface FimFormat {
  family: FimFamily;
  /** The family's name as users know it. */
  title: string;
  /** Token texts that, all present, mark a vocabulary as this family's (checked in the order of FIM_FORMATS). */
  marks: readonly string[];
  texts: FimTexts;
  /**
   * "prefix-first": [PRE] prefix [SUF] suffix [MID] (the middle follows).
   * "suffix-first": [SUF] suffix [PRE] prefix (the middle follows the prefix; no middle marker is written).
   */
  order: "prefix-first" | "suffix-first";
  /**
   * Token texts that end a completion in this family, beyond the FIM markers themselves: llama.cpp
   * marks some of these as end of generation and misses others (CodeGemma's <|file_separator|>,
   * CodeLlama's ▁<EOT>, StarCoder2's <file_sep>).
   */
  endTexts: readonly string[];
  /** An example model of the family, for messages. */
  example: string;
}

/** FIM token ids of one vocabulary. */
export interface FimTokenSet {
  prefix: number;
  suffix: number;
  middle?: number;
  pad?: number;
  repoName?: number;
  fileSep?: number;
}

/** A format applied to one vocabulary: ids resolved, how to assemble and end a prompt. */
export interface ResolvedFim {
  /** The family, or undefined where only the GGUF keys or llama.cpp's spellings named the tokens. */
  family: FimFamily | undefined;
  tokens: FimTokenSet;
  order: FimFormat["order"];
  /** Whether the middle marker closes the prompt (prefix-first formats). */
  middleInPrompt: boolean;
  /** Token that starts every prompt (BOS) where the vocabulary adds one, as llama.cpp and llama-server do. */
  bos?: number;
  /**
   * SentencePiece vocabularies that add a space before every tokenized text: the pieces after the
   * first (suffix, and the line's typed part in the middle) must be tokenized without it, as the
   * families' reference tokenizers do (CodeLlama's and Mistral's "encode_infilling").
   */
  spacelessPieces: boolean;
  /** Ids that end a completion: the family's end tokens and every FIM marker. */
  endTokens: ReadonlySet<number>;
}
