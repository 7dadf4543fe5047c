// Loads node-llama-cpp (ESM-only, so through a real dynamic import) and one shared Llama instance.
import type { Llama } from "node-llama-cpp";
import { EngineError } from "./errors";

export type LlamaModule = typeof import("node-llama-cpp");

let modulePromise: Promise<LlamaModule> | undefined;
let llamaPromise: Promise<Llama> | undefined;

export function loadLlamaModule(): Promise<LlamaModule> {
  modulePromise ??= import("node-llama-cpp");
  return modulePromise;
}

/** The CPU Llama instance; threads are always explicit, the library default oversubscribes small machines. */
export async function getCpuLlama(maxThreads: number): Promise<Llama> {
  llamaPromise ??= (async () => {
    const lib = await loadLlamaModule();
    try {
      return await lib.getLlama({ gpu: false, build: "never", maxThreads, logLevel: lib.LlamaLogLevel.error });
    } catch (error) {
      llamaPromise = undefined;
      if (error instanceof lib.NoBinaryFoundError) {
        throw new EngineError(
          "NO_BINARY",
          `No prebuilt llama.cpp binary fits this platform (${process.platform}-${process.arch}); it is not supported yet.`,
        );
      }
      throw error;
    }
  })();
  return llamaPromise;
}
