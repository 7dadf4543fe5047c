// Checks a pair before the engine loads it: both files exist and are GGUF, their vocabularies pair by
// llama.cpp's draft-model rule (EAD passes token ids between the models; see pairRule), and together
// they are likely to fit in memory.
import { basename } from "node:path";
import { freemem } from "node:os";
import { EngineError } from "../engine/errors";
import { getCpuLlama, loadLlamaModule } from "../engine/llama";
import { readCompleteGguf } from "./ggufSize";
import { pairDifference, vocabFacts, type VocabFacts } from "./pairRule";
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
  vocab: VocabFacts;
  estimate: number;
}

async function readHeader(path: string, role: string, options: Required<Pick<PairCheckOptions, "contextSize" | "batchSize">>): Promise<GgufHeader> {
  const lib = await loadLlamaModule();
  const info = await readCompleteGguf(path, role);
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
  return { vocab: vocabFacts(basename(path), info.metadata), estimate };
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
  const sizes = { contextSize: options.contextSize ?? 4096, batchSize: options.batchSize ?? 128 };
  const small = await readHeader(smallPath, "small", sizes);
  const large = await readHeader(largePath, "large", sizes);
  const diff = pairDifference(small.vocab, large.vocab);
  if (diff) {
    throw new EngineError(
      "VOCAB_MISMATCH",
      `${basename(smallPath)} and ${basename(largePath)} cannot be paired: ${diff}. EAD switches between the models token by token, so both must come from one model family with one tokenizer (the rule llama.cpp applies to a draft model).`,
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
