// Facts about a loaded model's vocabulary and size (pairing is checked from the headers in modelfiles/pairCheck).
import type { LlamaModel } from "node-llama-cpp";

function tokenTexts(model: LlamaModel): readonly string[] | undefined {
  const tokens = (model.fileInfo.metadata as { tokenizer?: { ggml?: { tokens?: readonly string[] } } }).tokenizer?.ggml?.tokens;
  return Array.isArray(tokens) ? tokens : undefined;
}

export function vocabularySize(model: LlamaModel): number {
  return tokenTexts(model)?.length ?? 0;
}

/** Parameter count from the GGUF tensor list (falls back to f16 bytes). */
export function parameterCount(model: LlamaModel): number {
  const tensors = model.fileInfo.fullTensorInfo ?? model.fileInfo.tensorInfo;
  if (!tensors?.length) return model.size / 2;
  let total = 0;
  for (const t of tensors) total += t.dimensions.reduce<number>((n, d) => n * Number(d), 1);
  return total;
}
