// Checks a pair before the engine loads it: both files exist and are GGUF, they share one vocabulary
// (EAD passes token ids between the models), and together they are likely to fit in memory.
import { basename } from "node:path";
import { freemem } from "node:os";
import { EngineError } from "../engine/errors";
import { getCpuLlama, loadLlamaModule } from "../engine/llama";
import { readCompleteGguf } from "./ggufSize";
import { validateModelFile } from "./validate";

export interface PairCheckOptions {
  contextSize?: number;
  batchSize?: number;
  /** Memory that may be used, bytes; defaults to the memory available now. */
  availableBytes?: number;
}

export interface PairEstimate {
  /** Estimated memory of each model with its context, bytes. */
  small: number;
  large: number;
  total: number;
  available: number;
}

interface GgufHeader {
  tokens: readonly string[] | undefined;
  tokenizerModel: string | undefined;
  special: string;
  estimate: number;
}

async function readHeader(path: string, role: string, options: Required<Pick<PairCheckOptions, "contextSize" | "batchSize">>): Promise<GgufHeader> {
  const lib = await loadLlamaModule();
  const info = await readCompleteGguf(path, role);
  const ggml = (info.metadata as { tokenizer?: { ggml?: Record<string, unknown> } }).tokenizer?.ggml ?? {};
  const tokens = Array.isArray(ggml.tokens) ? (ggml.tokens as string[]) : undefined;
  const special = ["eos_token_id", "fim_pre_token_id", "fim_suf_token_id", "fim_mid_token_id"].map((k) => String(ggml[k] ?? "")).join(",");
  let estimate = Number.NaN;
  try {
    // Our own CPU instance: without one the library makes a default one, which takes llama.cpp's log.
    const insights = await lib.GgufInsights.from(info, await getCpuLlama(1));
    const model = await insights.estimateModelResourceRequirementsV2({ gpuLayers: 0 });
    const context = await insights.estimateContextResourceRequirementsV2({
      contextSize: options.contextSize,
      modelGpuLayers: 0,
      batchSize: options.batchSize,
      sequences: 1,
    });
    estimate = model.cpuRam + context.cpuRam;
  } catch {
    // No estimate: the load itself will tell.
  }
  return { tokens, tokenizerModel: typeof ggml.model === "string" ? ggml.model : undefined, special, estimate };
}

/** Why the two vocabularies differ, or undefined when they are the same. */
export function vocabularyDifference(a: Pick<GgufHeader, "tokens" | "tokenizerModel" | "special">, b: Pick<GgufHeader, "tokens" | "tokenizerModel" | "special">): string | undefined {
  if (a.tokenizerModel !== b.tokenizerModel) return `their tokenizer types differ (${a.tokenizerModel} vs ${b.tokenizerModel})`;
  if (!a.tokens || !b.tokens) return "a model file does not list its vocabulary";
  if (a.tokens.length !== b.tokens.length) return `their vocabulary sizes differ (${a.tokens.length} vs ${b.tokens.length} tokens)`;
  for (let i = 0; i < a.tokens.length; i++) {
    if (a.tokens[i] !== b.tokens[i]) return `token ${i} differs (${JSON.stringify(a.tokens[i])} vs ${JSON.stringify(b.tokens[i])})`;
  }
  if (a.special !== b.special) return "their special token ids (end of text, fill-in-the-middle) differ";
  return undefined;
}

export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return "unknown";
  if (n >= 2 ** 30) return `${(n / 2 ** 30).toFixed(1)} GiB`;
  if (n >= 2 ** 20) return `${(n / 2 ** 20).toFixed(0)} MiB`;
  return `${Math.max(1, Math.round(n / 1024))} KiB`;
}

/**
 * Throws an EngineError a user can act on (MODEL_MISSING, MODEL_INVALID, VOCAB_MISMATCH,
 * OUT_OF_MEMORY); otherwise returns the memory estimate.
 */
export async function checkPair(smallPath: string, largePath: string, options: PairCheckOptions = {}): Promise<PairEstimate> {
  await validateModelFile(smallPath, "small");
  await validateModelFile(largePath, "large");
  const sizes = { contextSize: options.contextSize ?? 4096, batchSize: options.batchSize ?? 256 };
  const small = await readHeader(smallPath, "small", sizes);
  const large = await readHeader(largePath, "large", sizes);
  const diff = vocabularyDifference(small, large);
  if (diff) {
    throw new EngineError(
      "VOCAB_MISMATCH",
      `${basename(smallPath)} and ${basename(largePath)} cannot be paired: ${diff}. EAD switches between the models token by token, so both must come from one model family with one tokenizer.`,
    );
  }
  const available = options.availableBytes ?? freemem();
  const total = small.estimate + large.estimate;
  if (Number.isFinite(total) && total > available) {
    throw new EngineError(
      "OUT_OF_MEMORY",
      `${basename(smallPath)} and ${basename(largePath)} need about ${formatBytes(total)} of memory together, but only ${formatBytes(available)} is available. Choose smaller models (or a smaller quantisation), or close other programs.`,
    );
  }
  return { small: small.estimate, large: large.estimate, total, available };
}
