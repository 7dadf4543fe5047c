// Makes the remote large lane for a loaded small model: the small model's vocabulary is what the
// server's must match.
import type { LlamaModel } from "node-llama-cpp";
import { basename } from "node:path";
import { fimFormatOf } from "../fimFormats/modelFim";
import { vocabularySize } from "../modelFacts";
import type { LocalVocabulary } from "./pairing";
import { RemoteLane, type RemoteLaneState } from "./remoteLane";

/** The ead.largeServer setting as the engine takes it. The key never leaves this object but in a header. */
export interface LargeServerOptions {
  url: string;
  apiKey?: string;
  /** Longest wait for the server's first answer or next streamed token, ms. */
  timeoutMs?: number;
  /** The slot this client keeps on the server (its prompt stays cached there). */
  slot?: number;
  /** First wait before trying a failed server again, ms (doubles up to 30 s; default 2 s). */
  retryMs?: number;
}

export function localVocabulary(path: string, model: LlamaModel): LocalVocabulary {
  // The family's own markers (Codestral's [PREFIX]/[SUFFIX] too, which llama.cpp does not detect).
  const fim = fimFormatOf(model)?.tokens;
  const specials = fim ? [fim.prefix, fim.suffix, fim.middle].filter((t): t is number => t !== undefined) : [];
  return {
    name: basename(path),
    size: vocabularySize(model),
    tokenize: (text) => model.tokenize(text, true) as number[],
    detokenize: (ids) => model.detokenize(ids as never, false),
    specialTexts: specials.map((t) => model.detokenize([t as never], true)),
  };
}

export function remoteLargeLane(path: string, small: LlamaModel, options: LargeServerOptions, onStateChange?: (state: RemoteLaneState) => void): RemoteLane {
  const local = localVocabulary(path, small);
  return new RemoteLane(local, { ...options, maskFrom: local.size, onStateChange });
}
