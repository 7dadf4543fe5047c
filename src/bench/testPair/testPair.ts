// Tiny random-weight model pairs in a coder family's file format: the family's tokenizer
// (familyTokenizers.ts: vocabulary, merges or scores, token types, special and FIM ids, pre-tokenizer)
// padded to each model's embedding size. What a user downloads differs in the weights (and, for
// StarCoder2 and CodeGemma, in the architecture: these use llama's), so pairing, masking, FIM prompts
// and stop handling are tested on the real vocabulary layout.
import { mkdirSync, renameSync } from "node:fs";
import { join } from "node:path";
import { GgmlType, writeGguf, type MetadataValue, type TensorSpec } from "../speed/ggufWriter";
import { FAMILY_FACTS, FAMILY_LAYOUTS, familyTokenizer, qwenFamilyTokenizer, type FamilyLayout, type FamilyTokenizer } from "./familyTokenizers";
import { TokenType } from "./qwenTokenizer";

export const TEST_PAIR_LAYOUTS = FAMILY_LAYOUTS;
export type TestPairLayout = FamilyLayout;

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
 * Control, added and padding tokens (end of text, FIM, chat markers) get all-zero output rows unless
 * favoured: random logits of 30k-260k tokens always have a positive maximum, so a plain random model
 * never picks one, and completions run to their token limit instead of stopping at a chance end token.
 */
function isControl(tok: Pick<FamilyTokenizer, "types">, id: number): boolean {
  const type = tok.types[id];
  return type !== TokenType.NORMAL && type !== BYTE;
}

/** GGUF token type of byte-fallback tokens (<0x0A>) in SentencePiece vocabularies. */
const BYTE = 6;

function metadata(tok: FamilyTokenizer, name: string): Record<string, MetadataValue> {
  const a = tok.architecture;
  return {
    "general.architecture": { type: "string", value: a },
    "general.name": { type: "string", value: name },
    "general.file_type": { type: "u32", value: 1 }, // mostly F16
    [`${a}.context_length`]: { type: "u32", value: a === "qwen2" ? 32768 : 16384 },
    [`${a}.embedding_length`]: { type: "u32", value: HIDDEN },
    [`${a}.block_count`]: { type: "u32", value: LAYERS },
    [`${a}.feed_forward_length`]: { type: "u32", value: FFN },
    [`${a}.attention.head_count`]: { type: "u32", value: HEADS },
    [`${a}.attention.head_count_kv`]: { type: "u32", value: KV_HEADS },
    [`${a}.rope.freq_base`]: { type: "f32", value: a === "qwen2" ? 1_000_000 : 10_000 },
    [`${a}.attention.layer_norm_rms_epsilon`]: { type: "f32", value: 1e-6 },
    ...tok.metadata,
  };
}

function tensors(tok: FamilyTokenizer, options: TestModelOptions): TensorSpec[] {
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
      { name: p + "attn_k.weight", dims: [HIDDEN, KV_HEADS * hd], type: GgmlType.F32, fill: w },
      { name: p + "attn_v.weight", dims: [HIDDEN, KV_HEADS * hd], type: GgmlType.F32, fill: w },
      ...(tok.attentionBias
        ? (["q", "k", "v"] as const).map((x) => ({ name: `${p}attn_${x}.bias`, dims: [(x === "q" ? HEADS : KV_HEADS) * hd], type: GgmlType.F32, fill: "zeros" as const }))
        : []),
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

function writeModel(path: string, tok: FamilyTokenizer, options: TestModelOptions, name: string): void {
  if (options.favours !== undefined && (options.favours < 0 || options.favours >= options.vocabSize)) {
    throw new Error(`the favoured token ${options.favours} is not in a vocabulary of ${options.vocabSize}`);
  }
  const partial = `${path}.partial`;
  writeGguf(partial, metadata(tok, name), tensors(tok, options));
  renameSync(partial, path);
}

/** Writes one Qwen2.5-Coder-format test model to `path` (via a temporary name, so no half file is left). */
export function writeTestModel(path: string, options: TestModelOptions): void {
  writeModel(path, qwenFamilyTokenizer(options.vocabSize), options, options.name ?? `qwen2.5-coder-test-${options.vocabSize}`);
}

/** Writes one test model of any family (the tokenizers of other families are read from llama.cpp's source). */
export async function writeFamilyTestModel(path: string, layout: TestPairLayout, options: TestModelOptions): Promise<void> {
  const tok = await familyTokenizer(layout, options.vocabSize);
  writeModel(path, tok, options, options.name ?? `${layout}-test-${options.vocabSize}`);
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
export async function writeTestPair(options: TestPairOptions): Promise<{ small: string; large: string }> {
  if (!TEST_PAIR_LAYOUTS.includes(options.layout)) throw new Error(`unknown layout "${options.layout}"; known: ${TEST_PAIR_LAYOUTS.join(", ")}`);
  const least = FAMILY_FACTS[options.layout].realVocab;
  for (const v of [options.smallVocab, options.largeVocab]) {
    if (!Number.isInteger(v) || v < least) throw new Error(`vocabulary sizes must be integers of at least ${least} (${options.layout}'s real tokens), got ${v}`);
  }
  mkdirSync(options.out, { recursive: true });
  const small = join(options.out, `small-${options.smallVocab}.gguf`);
  const favours = options.largeFavours === undefined ? "" : `-favours-${options.largeFavours}`;
  const large = join(options.out, `large-${options.largeVocab}${favours}.gguf`);
  await writeFamilyTestModel(small, options.layout, { vocabSize: options.smallVocab, name: `${options.layout}-test-small` });
  await writeFamilyTestModel(large, options.layout, { vocabSize: options.largeVocab, favours: options.largeFavours, name: `${options.layout}-test-large` });
  return { small, large };
}
