// The facts a FIM format needs from a vocabulary, read from GGUF metadata alone (a model's header or
// a loaded model's file info), so the same resolution serves the engine and file listings.

/** The subset of `tokenizer.ggml.*` GGUF keys formats read. */
export interface GgufTokenizerKeys {
  model?: string;
  pre?: string;
  tokens?: readonly string[];
  bos_token_id?: number;
  eos_token_id?: number;
  add_bos_token?: boolean;
  add_space_prefix?: boolean;
  fim_pre_token_id?: number;
  fim_suf_token_id?: number;
  fim_mid_token_id?: number;
  fim_pad_token_id?: number;
  fim_rep_token_id?: number;
  fim_sep_token_id?: number;
  // Older converters' spellings, still read by llama.cpp.
  prefix_token_id?: number;
  suffix_token_id?: number;
  middle_token_id?: number;
}

export interface VocabularyFacts {
  size: number;
  /** Id of the token with exactly this text (the first one), or undefined. */
  idOf(text: string): number | undefined;
  /** FIM ids named by GGUF keys (these win over detection by text, as in llama.cpp). */
  keyed: { prefix?: number; suffix?: number; middle?: number; pad?: number; repoName?: number; fileSep?: number };
  bos?: number;
  eos?: number;
  /** Whether llama.cpp puts BOS before a prompt. */
  addsBos: boolean;
  /** Whether llama.cpp's tokenizer adds a leading space to every text it tokenizes (SentencePiece). */
  addsSpacePrefix: boolean;
}

function validId(id: unknown, size: number): number | undefined {
  return typeof id === "number" && Number.isInteger(id) && id >= 0 && id < size ? id : undefined;
}

/** Facts of a vocabulary from its `tokenizer.ggml` keys; ids out of range count as absent, as llama.cpp disables them. */
export function vocabularyFromGguf(keys: GgufTokenizerKeys): VocabularyFacts {
  const tokens = keys.tokens ?? [];
  const size = tokens.length;
  const found = new Map<string, number>();
  const idOf = (text: string): number | undefined => {
    let at = found.get(text);
    if (at === undefined) found.set(text, (at = tokens.indexOf(text)));
    return at < 0 ? undefined : at;
  };
  const id = (v: unknown) => validId(v, size);
  // llama.cpp: SentencePiece ("llama") vocabularies add BOS and a space prefix unless the keys say otherwise;
  // Gemma 4's adds BOS always; byte-level BPE ones add no space and BOS only where the key says so.
  const spm = keys.model === "llama";
  const addsBos = keys.model === "gemma4" ? true : (keys.add_bos_token ?? spm);
  return {
    size,
    idOf,
    keyed: {
      prefix: id(keys.fim_pre_token_id ?? keys.prefix_token_id),
      suffix: id(keys.fim_suf_token_id ?? keys.suffix_token_id),
      middle: id(keys.fim_mid_token_id ?? keys.middle_token_id),
      pad: id(keys.fim_pad_token_id),
      repoName: id(keys.fim_rep_token_id),
      fileSep: id(keys.fim_sep_token_id),
    },
    bos: id(keys.bos_token_id ?? (spm ? 1 : undefined)),
    eos: id(keys.eos_token_id ?? (spm ? 2 : undefined)),
    addsBos,
    addsSpacePrefix: spm && keys.add_space_prefix !== false,
  };
}
