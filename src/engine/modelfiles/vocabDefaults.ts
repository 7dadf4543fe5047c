// The values llama.cpp resolves for a vocabulary when a GGUF file leaves keys out
// (src/llama-vocab.cpp, llama_vocab::impl::load): the tokenizer type decides the default BOS/EOS ids and
// whether BOS/EOS are added, some BPE pre-tokenizers add BOS, and a key present in the file overrides
// the default. Two converters may write the same tokenizer with and without these optional keys, so
// the pair rule compares these resolved values, as llama.cpp's own draft check does, and the FIM formats
// (fimFormats/vocabulary.ts) take BOS, EOS and whether BOS is added from here.

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
  // Gemma 4's byte-level BPE: no default BOS/EOS ids, pre-tokenizer "gemma4" whatever the file says.
  gemma4: "bpe",
  none: "none",
  no_vocab: "none",
};

/** BPE pre-tokenizers for which llama.cpp adds BOS by default. */
const BPE_PRE_ADDING_BOS = new Set(["llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral", "midm-2.0", "lfm2", "jina-v5-nano", "tekken", "chameleon"]);
/** BPE pre-tokenizers for which llama.cpp has no default BOS id (a key still sets one). */
const BPE_PRE_WITHOUT_BOS = new Set(["glm4", "chatglm-bpe"]);
/** BPE pre-tokenizers (Gemma 4's) for which llama.cpp adds BOS even where add_bos_token says false. */
const BPE_PRE_FORCING_BOS = new Set(["gemma4", "granite-embed-multi-311m"]);

/** The pre-tokenizer llama.cpp uses: Gemma 4's tokenizer always takes "gemma4". */
function preOf(model: string | undefined, pre: string | undefined): string | undefined {
  return model === "gemma4" ? "gemma4" : pre;
}

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
      if (model === "gemma4") return { addBos: false, addEos: false, bos: undefined, eos: undefined };
      return { addBos: BPE_PRE_ADDING_BOS.has(pre ?? ""), addEos: false, bos: BPE_PRE_WITHOUT_BOS.has(pre ?? "") ? undefined : 11, eos: 11 };
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
  const pre = preOf(raw.model, raw.pre);
  const d = defaultsFor(raw.model, pre);
  const type = raw.model === undefined ? undefined : (VOCAB_TYPE_OF_MODEL[raw.model] ?? raw.model);
  const inRange = (id: number | undefined) => (id !== undefined && id >= 0 && id < raw.size ? id : undefined);
  // A key with an id outside the vocabulary is ignored (llama.cpp warns and keeps the default).
  const id = (key: number | undefined, fallback: number | undefined) => inRange(key) ?? inRange(fallback);
  return {
    type,
    // Gemma 4's BOS is forced after the keys are read (llama.cpp's workaround for its converters).
    addBos: (type === "bpe" && BPE_PRE_FORCING_BOS.has(pre ?? "")) || (raw.addBos ?? d.addBos),
    addEos: raw.addEos ?? d.addEos,
    bos: id(raw.bos, d.bos),
    eos: id(raw.eos, d.eos),
  };
}
