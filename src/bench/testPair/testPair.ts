// Tiny random-weight model pairs in the real Qwen2.5-Coder file format: architecture `qwen2`, the exact
// tokenizer (vocabulary, merges, token types, special and FIM ids, pre-tokenizer `qwen2`) padded to each
// model's embedding size. What a user downloads differs only in the weights, so pairing, masking,
// FIM and stop handling are tested on the real vocabulary layout.
import { mkdirSync, renameSync } from "node:fs";
import { join } from "node:path";
import { GgmlType, writeGguf, type MetadataValue, type TensorSpec } from "../speed/ggufWriter";
import { qwenGgufTokenizer, QWEN_IDS, QWEN25_CODER_REAL_VOCAB, TokenType, type GgufTokenizer } from "./qwenTokenizer";

export const TEST_PAIR_LAYOUTS = ["qwen2.5-coder"] as const;
export type TestPairLayout = (typeof TEST_PAIR_LAYOUTS)[number];

/** Tiny shape: big enough to be a real transformer, small enough to write and load in a second. */
const HIDDEN = 32;
const LAYERS = 2;
const HEADS = 4;
const KV_HEADS = 2;
const FFN = 64;

export interface TestModelOptions {
  vocabSize: number;
  /**
   * A token the output layer favours whatever the context: every hidden state carries a constant
   * component and only this token's output row reads it. Used to make a random model produce a
   * chosen token (a stop token, or a padding id the other model lacks).
   */
  favours?: number;
  name?: string;
}

/**
 * Control tokens (end of text, FIM, chat markers) get all-zero output rows unless favoured: random
 * logits of 150k tokens always have a positive maximum, so a plain random model never picks one, and
 * completions run to their token limit instead of stopping at a chance end-of-text.
 */
function isControl(tok: GgufTokenizer, id: number): boolean {
  return tok.types[id] === TokenType.CONTROL;
}

function metadata(tok: GgufTokenizer, name: string): Record<string, MetadataValue> {
  const a = "qwen2";
  return {
    "general.architecture": { type: "string", value: a },
    "general.name": { type: "string", value: name },
    "general.file_type": { type: "u32", value: 1 }, // mostly F16
    [`${a}.context_length`]: { type: "u32", value: 32768 },
    [`${a}.embedding_length`]: { type: "u32", value: HIDDEN },
    [`${a}.block_count`]: { type: "u32", value: LAYERS },
    [`${a}.feed_forward_length`]: { type: "u32", value: FFN },
    [`${a}.attention.head_count`]: { type: "u32", value: HEADS },
    [`${a}.attention.head_count_kv`]: { type: "u32", value: KV_HEADS },
    [`${a}.rope.freq_base`]: { type: "f32", value: 1_000_000 },
    [`${a}.attention.layer_norm_rms_epsilon`]: { type: "f32", value: 1e-6 },
    // As convert_hf_to_gguf writes Qwen2.5-Coder: ids from config.json (bos = eos = <|endoftext|>),
    // no FIM id keys (llama.cpp finds the FIM tokens by their text).
    "tokenizer.ggml.model": { type: "string", value: "gpt2" },
    "tokenizer.ggml.pre": { type: "string", value: "qwen2" },
    "tokenizer.ggml.tokens": { type: "strings", value: tok.tokens },
    "tokenizer.ggml.token_type": { type: "i32s", value: tok.types },
    "tokenizer.ggml.merges": { type: "strings", value: tok.merges },
    "tokenizer.ggml.eos_token_id": { type: "u32", value: QWEN_IDS.endOfText },
    "tokenizer.ggml.padding_token_id": { type: "u32", value: QWEN_IDS.endOfText },
    "tokenizer.ggml.bos_token_id": { type: "u32", value: QWEN_IDS.endOfText },
    "tokenizer.ggml.add_bos_token": { type: "bool", value: false },
  };
}

function tensors(tok: GgufTokenizer, options: TestModelOptions): TensorSpec[] {
  const vocab = options.vocabSize;
  const hd = HIDDEN / HEADS;
  const w = { std: 0.02 };
  const favours = options.favours;
  // Dimension 0 of every embedding is 1 when a token is favoured: after the (small) random layers
  // and the output norm it dominates, and only the favoured output row has weight on it.
  const embd: TensorSpec["fill"] = favours === undefined ? { std: 0.5 } : { std: 0.02, set: (i) => (i % HIDDEN === 0 ? 1 : undefined) };
  const output: TensorSpec["fill"] = {
    std: 0.5,
    set: (i) => {
      const token = Math.floor(i / HIDDEN);
      if (token === favours) return i % HIDDEN === 0 ? 20 : 0;
      if (favours !== undefined && i % HIDDEN === 0) return 0;
      return isControl(tok, token) ? 0 : undefined;
    },
  };
  const out: TensorSpec[] = [{ name: "token_embd.weight", dims: [HIDDEN, vocab], type: GgmlType.F16, fill: embd }];
  for (let l = 0; l < LAYERS; l++) {
    const p = `blk.${l}.`;
    out.push(
      { name: p + "attn_norm.weight", dims: [HIDDEN], type: GgmlType.F32, fill: "ones" },
      { name: p + "attn_q.weight", dims: [HIDDEN, HEADS * hd], type: GgmlType.F32, fill: w },
      { name: p + "attn_q.bias", dims: [HEADS * hd], type: GgmlType.F32, fill: "zeros" },
      { name: p + "attn_k.weight", dims: [HIDDEN, KV_HEADS * hd], type: GgmlType.F32, fill: w },
      { name: p + "attn_k.bias", dims: [KV_HEADS * hd], type: GgmlType.F32, fill: "zeros" },
      { name: p + "attn_v.weight", dims: [HIDDEN, KV_HEADS * hd], type: GgmlType.F32, fill: w },
      { name: p + "attn_v.bias", dims: [KV_HEADS * hd], type: GgmlType.F32, fill: "zeros" },
      { name: p + "attn_output.weight", dims: [HEADS * hd, HIDDEN], type: GgmlType.F32, fill: w },
      { name: p + "ffn_norm.weight", dims: [HIDDEN], type: GgmlType.F32, fill: "ones" },
      { name: p + "ffn_gate.weight", dims: [HIDDEN, FFN], type: GgmlType.F32, fill: w },
      { name: p + "ffn_up.weight", dims: [HIDDEN, FFN], type: GgmlType.F32, fill: w },
      { name: p + "ffn_down.weight", dims: [FFN, HIDDEN], type: GgmlType.F32, fill: w },
    );
  }
  out.push({ name: "output_norm.weight", dims: [HIDDEN], type: GgmlType.F32, fill: "ones" });
  out.push({ name: "output.weight", dims: [HIDDEN, vocab], type: GgmlType.F16, fill: output });
  return out;
}

/** Writes one Qwen2.5-Coder-format test model to `path` (via a temporary name, so no half file is left). */
export function writeTestModel(path: string, options: TestModelOptions): void {
  const tok = qwenGgufTokenizer(options.vocabSize);
  if (options.favours !== undefined && (options.favours < 0 || options.favours >= options.vocabSize)) {
    throw new Error(`the favoured token ${options.favours} is not in a vocabulary of ${options.vocabSize}`);
  }
  const name = options.name ?? `qwen2.5-coder-test-${options.vocabSize}`;
  const partial = `${path}.partial`;
  writeGguf(partial, metadata(tok, name), tensors(tok, options));
  renameSync(partial, path);
}

export interface TestPairOptions {
  layout: TestPairLayout;
  smallVocab: number;
  largeVocab: number;
  out: string;
  /** Token the large model favours (see TestModelOptions.favours). */
  largeFavours?: number;
}

/** Writes `small-<vocab>.gguf` and `large-<vocab>[-favours-<id>].gguf` into `out`; returns their paths. */
export function writeTestPair(options: TestPairOptions): { small: string; large: string } {
  if (!TEST_PAIR_LAYOUTS.includes(options.layout)) throw new Error(`unknown layout "${options.layout}"; known: ${TEST_PAIR_LAYOUTS.join(", ")}`);
  for (const v of [options.smallVocab, options.largeVocab]) {
    if (!Number.isInteger(v) || v < QWEN25_CODER_REAL_VOCAB) throw new Error(`vocabulary sizes must be integers of at least ${QWEN25_CODER_REAL_VOCAB} (Qwen2.5-Coder's real tokens), got ${v}`);
  }
  mkdirSync(options.out, { recursive: true });
  const small = join(options.out, `small-${options.smallVocab}.gguf`);
  const favours = options.largeFavours === undefined ? "" : `-favours-${options.largeFavours}`;
  const large = join(options.out, `large-${options.largeVocab}${favours}.gguf`);
  writeTestModel(small, { vocabSize: options.smallVocab, name: "qwen2.5-coder-test-small" });
  writeTestModel(large, { vocabSize: options.largeVocab, favours: options.largeFavours, name: "qwen2.5-coder-test-large" });
  return { small, large };
}
