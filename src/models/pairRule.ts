// Whether two vocabularies can be paired, by llama.cpp's own draft-model rule (common/speculative.cpp):
// same tokenizer type, same BOS/EOS settings and ids, sizes within 128 tokens, and equal token texts
// from id 5 up to the smaller size. Converters pad a vocabulary to the embedding size, so a Qwen2.5-Coder
// 0.5B file lists 151,936 tokens and the 7B file 152,064 with the same real tokens: such a pair is fine
// as long as no model ever hands the other an id past the smaller size (the engine masks those).
// Pure: works on facts read from the GGUF headers.

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
  tokens: readonly string[] | undefined;
  /** tokenizer.ggml.token_type (1 normal, 2 unknown, 3 control, 4 user-defined, 5 unused, 6 byte). */
  tokenTypes?: readonly number[];
  addBos?: boolean;
  addEos?: boolean;
  special: Partial<Record<SpecialTokenKey, number>>;
}

const TYPE_NAMES: Record<number, string> = { 1: "normal", 2: "unknown", 3: "control", 4: "user-defined", 5: "unused", 6: "byte" };

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
    tokens: Array.isArray(ggml.tokens) ? (ggml.tokens as string[]) : undefined,
    tokenTypes: Array.isArray(ggml.token_type) ? (ggml.token_type as number[]) : undefined,
    addBos: flag("add_bos_token"),
    addEos: flag("add_eos_token"),
    special,
  };
}

const show = (v: unknown) => (v === undefined ? "not set" : JSON.stringify(v));

/**
 * Why `a` and `b` cannot be paired, naming exactly what differs (first differing id and both texts,
 * both sizes, the special token and both ids), or undefined when they can.
 */
export function pairDifference(a: VocabFacts, b: VocabFacts): string | undefined {
  const both = `${a.name} vs ${b.name}`;
  if (a.model !== b.model) return `their tokenizer types differ (${show(a.model)} in ${a.name}, ${show(b.model)} in ${b.name})`;
  if (!a.tokens || !b.tokens) return `${!a.tokens ? a.name : b.name} does not list its vocabulary`;
  const sizeA = a.tokens.length;
  const sizeB = b.tokens.length;
  if (Math.abs(sizeA - sizeB) > MAX_VOCAB_SIZE_DIFFERENCE) {
    return `their vocabulary sizes differ by ${Math.abs(sizeA - sizeB)} tokens (${sizeA} in ${a.name}, ${sizeB} in ${b.name}); at most ${MAX_VOCAB_SIZE_DIFFERENCE} is allowed`;
  }
  if (a.addBos !== b.addBos) return `one adds a beginning-of-text token and the other does not (add_bos_token ${show(a.addBos)} vs ${show(b.addBos)}, ${both})`;
  if (a.addEos !== b.addEos) return `one adds an end-of-text token and the other does not (add_eos_token ${show(a.addEos)} vs ${show(b.addEos)}, ${both})`;
  for (const key of Object.keys(SPECIAL_TOKEN_KEYS) as SpecialTokenKey[]) {
    const x = a.special[key];
    const y = b.special[key];
    if (x !== y) return `their ${SPECIAL_TOKEN_KEYS[key]} differs (id ${show(x)} in ${a.name}, id ${show(y)} in ${b.name})`;
  }
  const shared = Math.min(sizeA, sizeB);
  for (let i = FIRST_CHECKED_TOKEN_ID; i < shared; i++) {
    if (a.tokens[i] !== b.tokens[i]) return `token ${i} differs (${JSON.stringify(a.tokens[i])} in ${a.name}, ${JSON.stringify(b.tokens[i])} in ${b.name})`;
  }
  // Special tokens agree: a token that is a control token in one file and text in the other tokenises
  // and stops differently.
  if (a.tokenTypes && b.tokenTypes) {
    for (let i = FIRST_CHECKED_TOKEN_ID; i < shared; i++) {
      const x = a.tokenTypes[i];
      const y = b.tokenTypes[i];
      if (x !== y) {
        return `token ${i} (${JSON.stringify(a.tokens[i])}) has a different type (${TYPE_NAMES[x] ?? show(x)} in ${a.name}, ${TYPE_NAMES[y] ?? show(y)} in ${b.name})`;
      }
    }
  }
  return undefined;
}

/** Token ids both models have: the engine never passes an id at or above this from one model to the other. */
export function sharedVocabularySize(a: Pick<VocabFacts, "tokens">, b: Pick<VocabFacts, "tokens">): number {
  return Math.min(a.tokens?.length ?? 0, b.tokens?.length ?? 0);
}
