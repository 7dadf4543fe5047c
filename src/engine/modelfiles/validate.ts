// Checks a model file before llama.cpp sees it, so a bad path or file gets a message naming the problem.
import { open, stat } from "node:fs/promises";
import { basename } from "node:path";
import { EngineError } from "../errors";

const GGUF_MAGIC = "GGUF";
/** Smallest plausible GGUF: magic, version, tensor and metadata counts. */
const MIN_GGUF_BYTES = 24;

export async function validateModelFile(path: string, role: string): Promise<void> {
  if (!path) throw new EngineError("MODEL_MISSING", `No ${role} model file is configured.`);
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new EngineError("MODEL_MISSING", `The ${role} model file ${path} does not exist.`);
  }
  if (info.isDirectory()) {
    throw new EngineError("MODEL_INVALID", `The ${role} model path ${path} is a directory; choose a .gguf file.`);
  }
  if (info.size < MIN_GGUF_BYTES) {
    throw new EngineError("MODEL_INVALID", `The ${role} model file ${basename(path)} is ${info.size === 0 ? "empty" : "truncated"} (${info.size} bytes).`);
  }
  let handle;
  try {
    handle = await open(path, "r");
  } catch (error) {
    throw new EngineError("MODEL_INVALID", `The ${role} model file ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
  try {
    const { buffer } = await handle.read(Buffer.alloc(4), 0, 4, 0);
    if (buffer.toString("latin1") !== GGUF_MAGIC) {
      throw new EngineError("MODEL_INVALID", `The ${role} model file ${basename(path)} is not a GGUF file (wrong magic bytes).`);
    }
  } finally {
    await handle.close();
  }
}
