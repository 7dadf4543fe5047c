// EAD needs both models to share one tokenizer: the lanes exchange token ids, not text.
import type { LlamaModel } from "node-llama-cpp";

function tokenTexts(model: LlamaModel): readonly string[] | undefined {
  const tokens = (model.fileInfo.metadata as { tokenizer?: { ggml?: { tokens?: readonly string[] } } }).tokenizer?.ggml?.tokens;
  return Array.isArray(tokens) ? tokens : undefined;
}

export function vocabularySize(model: LlamaModel): number {
  return tokenTexts(model)?.length ?? 0;
}

/** Returns why two models cannot be paired, or undefined when their vocabularies are identical. */
export function vocabularyMismatch(small: LlamaModel, large: LlamaModel): string | undefined {
  if (small.vocabularyType !== large.vocabularyType) {
    return `tokenizer types differ (${small.vocabularyType} vs ${large.vocabularyType})`;
  }
  const a = tokenTexts(small);
  const b = tokenTexts(large);
  if (!a || !b) return "a model file does not list its vocabulary";
  if (a.length !== b.length) return `vocabulary sizes differ (${a.length} vs ${b.length} tokens)`;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return `token ${i} differs (${JSON.stringify(a[i])} vs ${JSON.stringify(b[i])})`;
  }
  const special = (m: LlamaModel) => [m.tokens.eos, m.tokens.infill.prefix, m.tokens.infill.suffix, m.tokens.infill.middle].join(",");
  if (special(small) !== special(large)) return "special token ids (end of text, FIM) differ";
  return undefined;
}

/** Parameter count from the GGUF tensor list (falls back to f16 bytes). */
export function parameterCount(model: LlamaModel): number {
  const tensors = model.fileInfo.fullTensorInfo ?? model.fileInfo.tensorInfo;
  if (!tensors?.length) return model.size / 2;
  let total = 0;
  for (const t of tensors) total += t.dimensions.reduce<number>((n, d) => n * Number(d), 1);
  return total;
}
