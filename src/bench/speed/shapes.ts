// Real model shapes (Qwen2.5-Coder family) written as random-weight llama GGUFs for speed runs.
import { existsSync, mkdirSync, renameSync } from "node:fs";
import { join } from "node:path";
import type { LlamaModule } from "../../engine/llama";
import { DEFAULT_WEIGHT_SEED, GgmlType, writeGguf, type MetadataValue, type TensorSpec } from "./ggufWriter";
import { qwenTokenizerKeys } from "../testPair/qwenTokenizerKeys";

export interface ModelShape {
  name: string;
  hidden: number;
  layers: number;
  heads: number;
  kvHeads: number;
  ffn: number;
  vocab: number;
  tiedEmbeddings: boolean;
}

/** Published configurations of Qwen2.5-Coder (head_dim 128 throughout). */
export const SHAPES: Record<string, ModelShape> = {
  "0.5b": { name: "qwen2.5-coder-0.5b-shape", hidden: 896, layers: 24, heads: 14, kvHeads: 2, ffn: 4864, vocab: 151936, tiedEmbeddings: true },
  "1.5b": { name: "qwen2.5-coder-1.5b-shape", hidden: 1536, layers: 28, heads: 12, kvHeads: 2, ffn: 8960, vocab: 151936, tiedEmbeddings: true },
  "3b": { name: "qwen2.5-coder-3b-shape", hidden: 2048, layers: 36, heads: 16, kvHeads: 2, ffn: 11008, vocab: 151936, tiedEmbeddings: true },
  "7b": { name: "qwen2.5-coder-7b-shape", hidden: 3584, layers: 28, heads: 28, kvHeads: 4, ffn: 18944, vocab: 152064, tiedEmbeddings: false },
};

export function parameterCountOf(s: ModelShape): number {
  const hd = s.hidden / s.heads;
  const attn = s.hidden * (s.heads * hd) * 2 + s.hidden * (s.kvHeads * hd) * 2;
  const perLayer = attn + 3 * s.hidden * s.ffn + 2 * s.hidden;
  return s.layers * perLayer + s.vocab * s.hidden * (s.tiedEmbeddings ? 1 : 2) + s.hidden;
}

export interface Tokenizer {
  tokens: readonly string[];
  types: readonly number[];
  merges: readonly string[];
  eos: number;
  fim: { prefix: number; suffix: number; middle: number; pad: number };
}

/** Takes a trained tokenizer from a GGUF and pads its vocabulary to the shape's size. */
export async function tokenizerFrom(lib: LlamaModule, ggufPath: string, vocab: number): Promise<Tokenizer> {
  const info = await lib.readGgufFileInfo(ggufPath, { readTensorInfo: false });
  const t = (info.metadata as unknown as { tokenizer: { ggml: Record<string, unknown> } }).tokenizer.ggml;
  const tokens = [...(t.tokens as string[])];
  const types = [...(t.token_type as number[])];
  for (let i = tokens.length; i < vocab; i++) {
    tokens.push(`<|unused_${i}|>`);
    types.push(4); // user-defined: never produced by merges, harmless
  }
  return {
    tokens,
    types,
    merges: t.merges as string[],
    eos: t.eos_token_id as number,
    fim: {
      prefix: t.fim_pre_token_id as number,
      suffix: t.fim_suf_token_id as number,
      middle: t.fim_mid_token_id as number,
      pad: (t.fim_pad_token_id as number) ?? (t.eos_token_id as number),
    },
  };
}

function metadataFor(s: ModelShape, tok: Tokenizer): Record<string, MetadataValue> {
  const hd = s.hidden / s.heads;
  return {
    "general.architecture": { type: "string", value: "llama" },
    "general.name": { type: "string", value: s.name },
    "general.file_type": { type: "u32", value: 7 }, // mostly Q8_0
    "llama.context_length": { type: "u32", value: 32768 },
    "llama.embedding_length": { type: "u32", value: s.hidden },
    "llama.block_count": { type: "u32", value: s.layers },
    "llama.feed_forward_length": { type: "u32", value: s.ffn },
    "llama.attention.head_count": { type: "u32", value: s.heads },
    "llama.attention.head_count_kv": { type: "u32", value: s.kvHeads },
    "llama.rope.dimension_count": { type: "u32", value: hd },
    "llama.rope.freq_base": { type: "f32", value: 1_000_000 },
    "llama.attention.layer_norm_rms_epsilon": { type: "f32", value: 1e-6 },
    "llama.vocab_size": { type: "u32", value: s.vocab },
    ...qwenTokenizerKeys(tok, tok.eos, tok.fim),
  };
}

function tensorsFor(s: ModelShape): TensorSpec[] {
  const hd = s.hidden / s.heads;
  const q = GgmlType.Q8_0;
  const w = { std: 0.02 };
  const out: TensorSpec[] = [{ name: "token_embd.weight", dims: [s.hidden, s.vocab], type: q, fill: w }];
  for (let i = 0; i < s.layers; i++) {
    const p = `blk.${i}.`;
    out.push(
      { name: p + "attn_norm.weight", dims: [s.hidden], type: GgmlType.F32, fill: "ones" },
      { name: p + "attn_q.weight", dims: [s.hidden, s.heads * hd], type: q, fill: w },
      { name: p + "attn_k.weight", dims: [s.hidden, s.kvHeads * hd], type: q, fill: w },
      { name: p + "attn_v.weight", dims: [s.hidden, s.kvHeads * hd], type: q, fill: w },
      { name: p + "attn_output.weight", dims: [s.heads * hd, s.hidden], type: q, fill: w },
      { name: p + "ffn_norm.weight", dims: [s.hidden], type: GgmlType.F32, fill: "ones" },
      { name: p + "ffn_gate.weight", dims: [s.hidden, s.ffn], type: q, fill: w },
      { name: p + "ffn_up.weight", dims: [s.hidden, s.ffn], type: q, fill: w },
      { name: p + "ffn_down.weight", dims: [s.ffn, s.hidden], type: q, fill: w },
    );
  }
  out.push({ name: "output_norm.weight", dims: [s.hidden], type: GgmlType.F32, fill: "ones" });
  if (!s.tiedEmbeddings) out.push({ name: "output.weight", dims: [s.hidden, s.vocab], type: q, fill: w });
  return out;
}

/**
 * Writes (once) a Q8_0 random-weight GGUF of the shape; returns its path. The name carries the weights'
 * seed, so a file cached before the weights were seeded (or with another seed) is never taken for it.
 */
export function ensureShapeModel(dir: string, shape: ModelShape, tokenizer: Tokenizer): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${shape.name}-q8_0-seed${DEFAULT_WEIGHT_SEED.toString(16)}.gguf`);
  if (existsSync(path)) return path;
  const partial = path + ".partial";
  writeGguf(partial, metadataFor(shape, tokenizer), tensorsFor(shape));
  renameSync(partial, path);
  return path;
}
