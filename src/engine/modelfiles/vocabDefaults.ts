// The values llama.cpp resolves for a vocabulary when a GGUF file leaves keys out
// (src/llama-vocab.cpp, llama_vocab::impl::load): the tokenizer type decides the default BOS/EOS ids and
// whether BOS/EOS are added, some BPE pre-tokenizers add BOS, and a key present in the file overrides
// the default. Two converters may write the same tokenizer with and without these optional keys, so
// the pair rule compares these resolved values, as llama.cpp's own draft check does.

/** llama.cpp's vocabulary types, by the `tokenizer.ggml.model` names that map to them. */
const VOCAB_TYPE_OF_MODEL: Record<string, string> = {
  llama: "spm",
  gpt2: "bpe",
  hybriddna: "bpe",
  whitespace: "bpe",
  bert: "wpm",
  t5: "ugm",
  rwkv: "rwkv",
  plamo2: "plamo2",
  none: "none",
  no_vocab: "none",
};

/** BPE pre-tokenizers for which llama.cpp adds BOS by default. */
const BPE_PRE_ADDING_BOS = new Set(["llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral", "midm-2.0", "lfm2", "jina-v5-nano", "tekken", "chameleon"]);

interface Defaults {
  addBos: boolean;
  addEos: boolean;
  bos: number | undefined;
  eos: number | undefined;
}

function defaultsFor(model: string | undefined, pre: string | undefined): Defaults {
  switch (VOCAB_TYPE_OF_MODEL[model ?? ""]) {
    case "spm":
      return { addBos: true, addEos: false, bos: 1, eos: 2 };
    case "bpe":
      return { addBos: BPE_PRE_ADDING_BOS.has(pre ?? ""), addEos: false, bos: 11, eos: 11 };
    case "wpm":
      return { addBos: true, addEos: false, bos: 101, eos: undefined };
    case "ugm":
      return { addBos: false, addEos: true, bos: undefined, eos: 1 };
    case "rwkv":
    case "none":
      return { addBos: false, addEos: false, bos: undefined, eos: undefined };
    default:
      return { addBos: false, addEos: false, bos: 1, eos: 2 };
  }
}

/** What llama.cpp uses for a vocabulary after filling in its defaults. */
export interface ResolvedVocab {
  /** llama.cpp's vocabulary type (spm, bpe, wpm, ugm, ...); the model name itself when unknown. */
  type: string | undefined;
  addBos: boolean;
  addEos: boolean;
  /** Token ids, undefined where llama.cpp has none (a default id outside the vocabulary is dropped). */
  bos: number | undefined;
  eos: number | undefined;
}

export interface RawVocabKeys {
  model: string | undefined;
  pre?: string;
  size: number;
  addBos?: boolean;
  addEos?: boolean;
  bos?: number;
  eos?: number;
}

export function resolveVocab(raw: RawVocabKeys): ResolvedVocab {
  const d = defaultsFor(raw.model, raw.pre);
  const inRange = (id: number | undefined) => (id !== undefined && id >= 0 && id < raw.size ? id : undefined);
  // A key with an id outside the vocabulary is ignored (llama.cpp warns and keeps the default).
  const id = (key: number | undefined, fallback: number | undefined) => inRange(key) ?? inRange(fallback);
  return {
    type: raw.model === undefined ? undefined : (VOCAB_TYPE_OF_MODEL[raw.model] ?? raw.model),
    addBos: raw.addBos ?? d.addBos,
    addEos: raw.addEos ?? d.addEos,
    bos: id(raw.bos, d.bos),
    eos: id(raw.eos, d.eos),
  };
}
