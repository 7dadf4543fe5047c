// Checks a pair before the engine loads it: both files exist and are GGUF, their vocabularies pair by
// llama.cpp's draft-model rule (EAD passes token ids between the models; see pairRule), and they fit
// in memory, placed on the GPU where one is used (RAM and VRAM counted apart; see engine/placement).
// Runs in the engine process only: it reads headers with node-llama-cpp.
import { basename } from "node:path";
import type { Llama } from "node-llama-cpp";
import { EngineError } from "../errors";
import { availableMemoryBytes } from "../../machine/memory";
import { fimOfHeader, noFimMessage } from "./fimSupport";
import { getLlamaFor, loadLlamaModule } from "../llama";
import { cpuOnlyNeeds, deviceLabel, placePair, type Device, type GpuSetting, type ModelNeeds, type Placement } from "../placement";
import { formatBytes } from "./formatBytes";
import { readCompleteGguf } from "./ggufSize";
import { pairDifference, vocabFacts, type VocabFacts } from "./pairRule";
import { validateModelFile } from "./validate";
import { PROMPT_BATCH_SIZE } from "../batchSize";

export { formatBytes };

export interface PairCheckOptions {
  contextSize?: number;
  batchSize?: number;
  /** RAM that may be used, bytes (ead.memoryBudgetMB); defaults to the memory the OS calls available now. */
  availableBytes?: number;
  /** Where the models may run (the ead.gpu setting); default off. */
  gpu?: GpuSetting;
  /** Threads for the Llama instance made to read estimates. */
  threads?: number;
}

export interface PairEstimate {
  /** Estimated RAM of each model with its context where it is placed, bytes. */
  small: number;
  large: number;
  /** RAM and VRAM of the placement, bytes. */
  total: number;
  vram: number;
  /** RAM and VRAM available, bytes. */
  available: number;
  vramAvailable: number;
  /** The GPU backend in use, or false. */
  gpu: string | false;
  placement: Pick<Placement, "small" | "large">;
}

interface GgufHeader {
  vocab: VocabFacts;
  needs: ModelNeeds;
}

async function readHeader(path: string, role: string, llama: Llama, options: { contextSize: number; batchSize: number }): Promise<GgufHeader> {
  const lib = await loadLlamaModule();
  const info = await readCompleteGguf(path, role);
  // Refused here, when chosen or loaded, instead of failing every completion after the load.
  if (!fimOfHeader(info.metadata)) throw new EngineError("NO_FIM_TOKENS", noFimMessage(basename(path), role));
  const needs: ModelNeeds = { cpu: { ram: Number.NaN }, gpu: { ram: Number.NaN, vram: Number.NaN } };
  try {
    const insights = await lib.GgufInsights.from(info, llama);
    const estimate = async (gpuLayers: number) => {
      const model = await insights.estimateModelResourceRequirementsV2({ gpuLayers });
      const context = await insights.estimateContextResourceRequirementsV2({
        contextSize: options.contextSize,
        modelGpuLayers: gpuLayers,
        batchSize: options.batchSize,
        sequences: 1,
      });
      return { ram: model.cpuRam + context.cpuRam, vram: model.gpuVram + context.gpuVram };
    };
    needs.cpu = { ram: (await estimate(0)).ram };
    if (llama.gpu) needs.gpu = await estimate(insights.totalLayers);
  } catch {
    // No estimate: the load itself will tell.
  }
  return { vocab: vocabFacts(basename(path), info.metadata), needs };
}

/**
 * Throws an EngineError a user can act on (MODEL_MISSING, MODEL_INVALID, VOCAB_MISMATCH,
 * OUT_OF_MEMORY, NO_BINARY for an unusable ead.gpu backend); otherwise returns where each model
 * runs and the memory estimate.
 */
export async function checkPair(smallPath: string, largePath: string, options: PairCheckOptions = {}): Promise<PairEstimate> {
  await validateModelFile(smallPath, "small");
  await validateModelFile(largePath, "large");
  const sizes = { contextSize: options.contextSize ?? 4096, batchSize: options.batchSize ?? PROMPT_BATCH_SIZE };
  const llama = await getLlamaFor(options.gpu ?? "off", Math.max(2, (options.threads ?? 1) * 2));
  const small = await readHeader(smallPath, "small", llama, sizes);
  const large = await readHeader(largePath, "large", llama, sizes);
  const diff = pairDifference(small.vocab, large.vocab);
  if (diff) {
    throw new EngineError(
      "VOCAB_MISMATCH",
      `${basename(smallPath)} and ${basename(largePath)} cannot be paired: ${diff}. EAD switches between the models token by token, so both must come from one model family with one tokenizer (the rule llama.cpp applies to a draft model).`,
    );
  }
  const available = options.availableBytes ?? availableMemoryBytes();
  const vramAvailable = llama.gpu ? (await llama.getVramState()).free : 0;
  const memory = { gpu: llama.gpu, ramAvailable: available, vramAvailable };
  const placement = placePair(small.needs, large.needs, memory);
  if (!placement) {
    const onGpu = llama.gpu
      ? ` They do not fit in the ${formatBytes(vramAvailable)} of free video memory of the GPU (${llama.gpu}) either (the large model alone needs about ${formatBytes(large.needs.gpu.vram)} there).`
      : "";
    throw new EngineError(
      "OUT_OF_MEMORY",
      `${basename(smallPath)} and ${basename(largePath)} need about ${formatBytes(cpuOnlyNeeds(small.needs, large.needs))} of memory together, but only ${formatBytes(available)} is available.${onGpu} Choose smaller models (or a smaller quantisation), or close other programs.`,
    );
  }
  const ramOf = (m: GgufHeader, d: Device) => (d === "gpu" ? m.needs.gpu.ram : m.needs.cpu.ram);
  return {
    small: ramOf(small, placement.small),
    large: ramOf(large, placement.large),
    total: ramOf(small, placement.small) + ramOf(large, placement.large),
    vram: placement.vram,
    available,
    vramAvailable,
    gpu: llama.gpu,
    placement: { small: placement.small, large: placement.large },
  };
}

/** "small on CPU, large on GPU (cuda)". */
export function describePlacement(estimate: Pick<PairEstimate, "placement" | "gpu">): string {
  return `small on ${deviceLabel(estimate.placement.small, estimate.gpu)}, large on ${deviceLabel(estimate.placement.large, estimate.gpu)}`;
}

/**
 * The check when the large model runs on a team server (ead.largeServer): the small file alone, and
 * its memory. The vocabulary pairing is checked against the server (engine/remote/pairing).
 */
export async function checkSmallAlone(smallPath: string, options: PairCheckOptions = {}): Promise<PairEstimate> {
  await validateModelFile(smallPath, "small");
  const sizes = { contextSize: options.contextSize ?? 4096, batchSize: options.batchSize ?? PROMPT_BATCH_SIZE };
  const llama = await getLlamaFor(options.gpu ?? "off", Math.max(2, (options.threads ?? 1) * 2));
  const small = await readHeader(smallPath, "small", llama, sizes);
  const available = options.availableBytes ?? availableMemoryBytes();
  const vramAvailable = llama.gpu ? (await llama.getVramState()).free : 0;
  const onGpu = Boolean(llama.gpu) && small.needs.gpu.vram <= vramAvailable && small.needs.gpu.ram <= available;
  const ram = onGpu ? small.needs.gpu.ram : small.needs.cpu.ram;
  if (ram > available) {
    throw new EngineError(
      "OUT_OF_MEMORY",
      `${basename(smallPath)} needs about ${formatBytes(ram)} of memory, but only ${formatBytes(available)} is available. Choose a smaller model (or quantisation), or close other programs.`,
    );
  }
  return {
    small: Number.isNaN(ram) ? 0 : ram,
    large: 0,
    total: Number.isNaN(ram) ? 0 : ram,
    vram: onGpu ? small.needs.gpu.vram : 0,
    available,
    vramAvailable,
    gpu: llama.gpu,
    placement: { small: onGpu ? "gpu" : "cpu", large: "remote" },
  };
}
