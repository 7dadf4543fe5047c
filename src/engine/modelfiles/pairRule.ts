// Whether two vocabularies can be paired, by llama.cpp's draft-model rule (common/speculative.cpp,
// common_speculative_are_compatible) applied to the values llama.cpp resolves (vocabDefaults): same
// vocabulary type, same add-BOS/add-EOS settings and, where added, the same BOS/EOS ids, sizes within 128
// tokens, and equal token texts from id 5 up to the smaller size. FIM ids are not compared (llama.cpp
// does not; with equal token texts they name the same tokens), nor are keys a converter may leave out. Converters pad a vocabulary to the embedding size, so a Qwen2.5-Coder
// 0.5B file lists 151,936 tokens and the 7B file 152,064 with the same real tokens: such a pair is fine
// as long as no model ever hands the other an id past the smaller size (the engine masks those).
// Pure: works on facts read from the GGUF headers.
import { resolveVocab, type ResolvedVocab } from "./vocabDefaults";

/** llama.cpp's SPEC_VOCAB_MAX_SIZE_DIFFERENCE. */
export const MAX_VOCAB_SIZE_DIFFERENCE = 128;
/** llama.cpp's SPEC_VOCAB_CHECK_START_TOKEN_ID: the first ids (unk/bos/eos/pad in some families) may differ. */
export const FIRST_CHECKED_TOKEN_ID = 5;

/** The special-token keys of a GGUF header that must agree (all optional in a file). */
export const SPECIAL_TOKEN_KEYS = {
  bos: "beginning-of-text token",
  eos: "end-of-text token",
  fimPrefix: "fill-in-the-middle prefix token",
  fimSuffix: "fill-in-the-middle suffix token",
  fimMiddle: "fill-in-the-middle middle token",
  fimPad: "fill-in-the-middle pad token",
  fimRepo: "repository-name token",
  fimSep: "file-separator token",
} as const;
export type SpecialTokenKey = keyof typeof SPECIAL_TOKEN_KEYS;

/** What the pair rule needs from a model file's header. */
export interface VocabFacts {
  /** File name, for messages. */
  name: string;
  /** tokenizer.ggml.model (gpt2, llama, ...). */
  model: string | undefined;
  /** tokenizer.ggml.pre (qwen2, llama3, ...): some pre-tokenizers add BOS by default. */
  pre?: string;
  tokens: readonly string[] | undefined;
  /** tokenizer.ggml.token_type (1 normal, 2 unknown, 3 control, 4 user-defined, 5 unused, 6 byte). */
  tokenTypes?: readonly number[];
  addBos?: boolean;
  addEos?: boolean;
  special: Partial<Record<SpecialTokenKey, number>>;
}


/** The facts of a GGUF header's metadata (node-llama-cpp's `fileInfo.metadata` shape). */
export function vocabFacts(name: string, metadata: unknown): VocabFacts {
  const ggml = ((metadata as { tokenizer?: { ggml?: Record<string, unknown> } })?.tokenizer?.ggml ?? {}) as Record<string, unknown>;
  const id = (key: string) => (typeof ggml[key] === "number" ? (ggml[key] as number) : undefined);
  const flag = (key: string) => (typeof ggml[key] === "boolean" ? (ggml[key] as boolean) : undefined);
  const special: VocabFacts["special"] = {};
  const keys: Record<SpecialTokenKey, string> = {
    bos: "bos_token_id",
    eos: "eos_token_id",
    fimPrefix: "fim_pre_token_id",
    fimSuffix: "fim_suf_token_id",
    fimMiddle: "fim_mid_token_id",
    fimPad: "fim_pad_token_id",
    fimRepo: "fim_rep_token_id",
    fimSep: "fim_sep_token_id",
  };
  for (const [k, key] of Object.entries(keys) as [SpecialTokenKey, string][]) {
    const v = id(key);
    if (v !== undefined) special[k] = v;
  }
  return {
    name,
    model: typeof ggml.model === "string" ? ggml.model : undefined,
    ...(typeof ggml.pre === "string" ? { pre: ggml.pre } : {}),
    tokens: Array.isArray(ggml.tokens) ? (ggml.tokens as string[]) : undefined,
    tokenTypes: Array.isArray(ggml.token_type) ? (ggml.token_type as number[]) : undefined,
    addBos: flag("add_bos_token"),
    addEos: flag("add_eos_token"),
    special,
  };
}

const show = (v: unknown) => (v === undefined ? "not set" : JSON.stringify(v));

function resolved(f: VocabFacts): ResolvedVocab {
  return resolveVocab({ model: f.model, pre: f.pre, size: f.tokens?.length ?? 0, addBos: f.addBos, addEos: f.addEos, bos: f.special.bos, eos: f.special.eos });
}

/**
 * Why `a` and `b` cannot be paired, naming exactly what differs (first differing id and both texts,
 * both sizes, the special token and both ids), or undefined when they can.
 */
export function pairDifference(a: VocabFacts, b: VocabFacts): string | undefined {
  const both = `${a.name} vs ${b.name}`;
  const ra = resolved(a);
  const rb = resolved(b);
  if (ra.type !== rb.type) return `their tokenizer types differ (${show(a.model)} in ${a.name}, ${show(b.model)} in ${b.name})`;
  if (!a.tokens || !b.tokens) return `${!a.tokens ? a.name : b.name} does not list its vocabulary`;
  const sizeA = a.tokens.length;
  const sizeB = b.tokens.length;
  if (Math.abs(sizeA - sizeB) > MAX_VOCAB_SIZE_DIFFERENCE) {
    return `their vocabulary sizes differ by ${Math.abs(sizeA - sizeB)} tokens (${sizeA} in ${a.name}, ${sizeB} in ${b.name}); at most ${MAX_VOCAB_SIZE_DIFFERENCE} is allowed`;
  }
  if (ra.addBos !== rb.addBos) return `one adds a beginning-of-text token and the other does not (add_bos_token ${ra.addBos} vs ${rb.addBos}, ${both})`;
  if (ra.addBos && ra.bos !== rb.bos) return `their ${SPECIAL_TOKEN_KEYS.bos} differs (id ${show(ra.bos)} in ${a.name}, id ${show(rb.bos)} in ${b.name})`;
  if (ra.addEos !== rb.addEos) return `one adds an end-of-text token and the other does not (add_eos_token ${ra.addEos} vs ${rb.addEos}, ${both})`;
  if (ra.addEos && ra.eos !== rb.eos) return `their ${SPECIAL_TOKEN_KEYS.eos} differs (id ${show(ra.eos)} in ${a.name}, id ${show(rb.eos)} in ${b.name})`;
  const shared = Math.min(sizeA, sizeB);
  for (let i = FIRST_CHECKED_TOKEN_ID; i < shared; i++) {
    if (a.tokens[i] !== b.tokens[i]) return `token ${i} differs (${JSON.stringify(a.tokens[i])} in ${a.name}, ${JSON.stringify(b.tokens[i])} in ${b.name})`;
  }
  return undefined;
}

/** Token ids both models have: the engine never passes an id at or above this from one model to the other. */
export function sharedVocabularySize(a: Pick<VocabFacts, "tokens">, b: Pick<VocabFacts, "tokens">): number {
  return Math.min(a.tokens?.length ?? 0, b.tokens?.length ?? 0);
}
