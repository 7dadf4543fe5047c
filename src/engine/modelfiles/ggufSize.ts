// How many bytes a GGUF file must have for all the tensor data its header describes, so a truncated
// file (an interrupted copy or download) is named as such instead of failing deep inside llama.cpp.
import { stat } from "node:fs/promises";
import { basename } from "node:path";
import type { GgufFileInfo } from "node-llama-cpp";
import { EngineError } from "../errors";
import { loadLlamaModule } from "../llama";

/** ggml type id -> [elements per block, bytes per block], for the types model files commonly use. */
const BLOCKS: Record<number, [number, number]> = {
  0: [1, 4], // F32
  1: [1, 2], // F16
  2: [32, 18], // Q4_0
  3: [32, 20], // Q4_1
  6: [32, 22], // Q5_0
  7: [32, 24], // Q5_1
  8: [32, 34], // Q8_0
  9: [32, 36], // Q8_1
  10: [256, 84], // Q2_K
  11: [256, 110], // Q3_K
  12: [256, 144], // Q4_K
  13: [256, 176], // Q5_K
  14: [256, 210], // Q6_K
  15: [256, 292], // Q8_K
  24: [1, 1], // I8
  25: [1, 2], // I16
  26: [1, 4], // I32
  27: [1, 8], // I64
  28: [1, 8], // F64
  30: [1, 2], // BF16
};

/**
 * The smallest file size that holds every tensor the header lists: the end of the last tensor where
 * its type's size is known, else at least its start. Undefined when the header lists no tensors.
 */
export function requiredFileBytes(info: Pick<GgufFileInfo, "tensorInfo">): number | undefined {
  const tensors = info.tensorInfo;
  if (!tensors?.length) return undefined;
  let end = 0;
  for (const t of tensors) {
    const start = Number(t.fileOffset);
    const block = BLOCKS[t.ggmlType as number];
    const elements = t.dimensions.reduce<number>((n, d) => n * Number(d), 1);
    const bytes = block ? Math.ceil(elements / block[0]) * block[1] : 1;
    end = Math.max(end, start + bytes);
  }
  return end;
}

/**
 * Reads a model file's GGUF header and checks that the file holds all the data it describes; throws
 * MODEL_INVALID naming the file and the problem (corrupt header, truncated) otherwise.
 */
export async function readCompleteGguf(path: string, role: string): Promise<GgufFileInfo> {
  const lib = await loadLlamaModule();
  let info: GgufFileInfo;
  try {
    info = await lib.readGgufFileInfo(path, { logWarnings: false });
  } catch (error) {
    throw new EngineError("MODEL_INVALID", `The ${role} model file ${basename(path)} is corrupt: its GGUF header could not be read (${(error as Error).message}).`);
  }
  const required = requiredFileBytes(info);
  if (required === undefined) {
    throw new EngineError("MODEL_INVALID", `The ${role} model file ${basename(path)} is corrupt: its GGUF header lists no tensors.`);
  }
  const size = (await stat(path)).size;
  if (size < required) {
    throw new EngineError(
      "MODEL_INVALID",
      `The ${role} model file ${basename(path)} is truncated: it has ${size} bytes, but its header describes ${required}. Copy or download it again.`,
    );
  }
  return info;
}
