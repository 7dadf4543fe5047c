// What a model file is, from its GGUF header alone (node-llama-cpp's readGgufFileInfo reads only the
// header of a local file; nothing is loaded): family, parameter count, quantisation, size, context
// length, vocabulary and FIM support. Engine side: node-llama-cpp is loaded here.
import { stat } from "node:fs/promises";
import { basename } from "node:path";
import { loadLlamaModule } from "../llama";
import { vocabFacts, type VocabFacts } from "./pairRule";
import { fimOfHeader } from "./fimSupport";

export interface ModelFileFacts {
  /** general.architecture (qwen2, llama, starcoder2, gemma, ...). */
  family: string;
  /** general.basename or general.name, when the converter wrote one. */
  modelName: string | undefined;
  params: number;
  /** Q8_0, Q4_K_M, F16, ... (general.file_type). */
  quantization: string | undefined;
  sizeBytes: number;
  contextLength: number | undefined;
  vocabSize: number;
  fim: boolean;
  vocab: VocabFacts;
}

/** llama.cpp's file-type names (general.file_type), without the MOSTLY_ prefix. */
async function quantName(fileType: unknown): Promise<string | undefined> {
  if (typeof fileType !== "number") return undefined;
  const { GgufFileType } = await loadLlamaModule();
  const name = (GgufFileType as unknown as Record<number, string>)[fileType];
  return name?.replace(/^(MOSTLY|ALL)_/, "");
}

/** Reads the facts; throws when the file is not a readable GGUF. */
export async function readModelFileFacts(path: string): Promise<ModelFileFacts> {
  const lib = await loadLlamaModule();
  const info = await lib.readGgufFileInfo(path, { sourceType: "filesystem", logWarnings: false, spliceSplitFiles: false });
  const metadata = info.metadata as unknown as Record<string, Record<string, unknown> | undefined>;
  const general = metadata.general ?? {};
  const family = typeof general.architecture === "string" ? general.architecture : "unknown";
  const arch = metadata[family] ?? {};
  let params = 0;
  for (const t of info.tensorInfo ?? []) params += t.dimensions.reduce<number>((n, d) => n * Number(d), 1);
  const vocab = vocabFacts(basename(path), info.metadata);
  const modelName = typeof general.basename === "string" ? general.basename : typeof general.name === "string" ? general.name : undefined;
  return {
    family,
    modelName,
    params,
    quantization: await quantName(general.file_type),
    sizeBytes: (await stat(path)).size,
    contextLength: typeof arch.context_length === "number" ? arch.context_length : undefined,
    vocabSize: vocab.tokens?.length ?? 0,
    fim: fimOfHeader(info.metadata) !== undefined,
    vocab,
  };
}
