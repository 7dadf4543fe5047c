// The facts a FIM format needs from a vocabulary, read from GGUF metadata alone (a model's header or
// a loaded model's file info), so the same resolution serves the engine and file listings. BOS, EOS and
// whether BOS is added are llama.cpp's, defaults included, as the pair rule resolves them (vocabDefaults).
import { resolveVocab } from "../modelfiles/vocabDefaults";

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

/**
 * Facts of a vocabulary from its `tokenizer.ggml` keys. A FIM id out of range counts as absent, as llama.cpp
 * disables it; a BOS/EOS id out of range leaves llama.cpp's default in place.
 */
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
  const text = (v: unknown) => (typeof v === "string" ? v : undefined);
  const flag = (v: unknown) => (typeof v === "boolean" ? v : undefined);
  // llama.cpp's defaults by tokenizer type and pre-tokenizer (SentencePiece: BOS 1 added, EOS 2; byte-level
  // BPE: ids 11, BOS added for some pre-tokenizers; Gemma 4: BOS always added), keys in range overriding.
  const vocab = resolveVocab({
    model: text(keys.model),
    pre: text(keys.pre),
    size,
    addBos: flag(keys.add_bos_token),
    bos: id(keys.bos_token_id),
    eos: id(keys.eos_token_id),
  });
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
    bos: vocab.bos,
    eos: vocab.eos,
    addsBos: vocab.addBos,
    // SentencePiece vocabularies add a space prefix unless the key says otherwise; byte-level BPE ones never.
    addsSpacePrefix: vocab.type === "spm" && keys.add_space_prefix !== false,
  };
}
