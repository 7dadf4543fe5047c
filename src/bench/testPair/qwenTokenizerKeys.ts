// The GGUF tokenizer header of a Qwen2.5-Coder vocabulary (gpt2 model, qwen2 pre-tokenizer), written
// once for every generated model: the test pairs and the bench's real-shape models.
import type { MetadataValue } from "../speed/ggufWriter";

export interface QwenVocabulary {
  tokens: readonly string[];
  types: readonly number[];
  merges: readonly string[];
}

/**
 * `tokenizer.ggml.*` keys as convert_hf_to_gguf writes Qwen2.5-Coder: bos = eos = padding = `endOfText`,
 * no BOS added. FIM id keys only when `fim` is given (llama.cpp otherwise finds the FIM tokens by text).
 */
export function qwenTokenizerKeys(
  vocab: QwenVocabulary,
  endOfText: number,
  fim?: { prefix: number; suffix: number; middle: number; pad: number },
): Record<string, MetadataValue> {
  return {
    "tokenizer.ggml.model": { type: "string", value: "gpt2" },
    "tokenizer.ggml.pre": { type: "string", value: "qwen2" },
    "tokenizer.ggml.tokens": { type: "strings", value: vocab.tokens },
    "tokenizer.ggml.token_type": { type: "i32s", value: vocab.types },
    "tokenizer.ggml.merges": { type: "strings", value: vocab.merges },
    "tokenizer.ggml.eos_token_id": { type: "u32", value: endOfText },
    "tokenizer.ggml.padding_token_id": { type: "u32", value: endOfText },
    "tokenizer.ggml.bos_token_id": { type: "u32", value: endOfText },
    "tokenizer.ggml.add_bos_token": { type: "bool", value: false },
    ...(fim && {
      "tokenizer.ggml.fim_pre_token_id": { type: "u32", value: fim.prefix },
      "tokenizer.ggml.fim_suf_token_id": { type: "u32", value: fim.suffix },
      "tokenizer.ggml.fim_mid_token_id": { type: "u32", value: fim.middle },
      "tokenizer.ggml.fim_pad_token_id": { type: "u32", value: fim.pad },
    }),
  };
}
