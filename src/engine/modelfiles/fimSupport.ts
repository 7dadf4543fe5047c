// Whether a model file can fill in the middle, from its GGUF header alone (no load), resolved exactly
// as the engine resolves a loaded model's format (engine/fimFormats): the tokenizer.ggml.fim_* keys
// first, then the family's or llama.cpp's token texts. A file without them loads fine and then fails
// every completion, so it is refused when chosen.
import { noFimHint, resolveFim, vocabularyFromGguf, type GgufTokenizerKeys, type ResolvedFim } from "../fimFormats/index";

/** The FIM format of a GGUF header's metadata (node-llama-cpp's `fileInfo.metadata`), or undefined. */
export function fimOfHeader(metadata: unknown): ResolvedFim | undefined {
  const keys = (metadata as { tokenizer?: { ggml?: GgufTokenizerKeys } })?.tokenizer?.ggml ?? {};
  return resolveFim(vocabularyFromGguf(keys));
}

/** What to tell a user whose model has no FIM tokens. */
export function noFimMessage(fileName: string, role?: string): string {
  return noFimHint(role ? `The ${role} model ${fileName}` : fileName);
}
