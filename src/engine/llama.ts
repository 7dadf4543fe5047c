// Loads node-llama-cpp (ESM-only, so through a real dynamic import) and one shared Llama instance.
import type { Llama } from "node-llama-cpp";
import { EngineError } from "./errors";

export type LlamaModule = typeof import("node-llama-cpp");

let modulePromise: Promise<LlamaModule> | undefined;
let llamaPromise: Promise<Llama> | undefined;
/** The last few lines llama.cpp logged: its reasons are there, not in the errors it throws. */
const recentLog: string[] = [];
let logged = 0;

/** A mark in llama.cpp's log; pass it to loadFailureSince. */
export function llamaLogMark(): number {
  return logged;
}

/** Why llama.cpp refused to load a model since `mark`, in its own words, if it said. */
export function loadFailureSince(mark: number): string | undefined {
  const fresh = recentLog.slice(Math.max(0, recentLog.length - (logged - mark)));
  for (let i = fresh.length - 1; i >= 0; i--) {
    const m = /error loading model:\s*(?:llama_model_loader:\s*)?(.+)$/.exec(fresh[i]);
    if (m) return m[1];
  }
  return undefined;
}

export function loadLlamaModule(): Promise<LlamaModule> {
  modulePromise ??= import("node-llama-cpp");
  return modulePromise;
}

/** The CPU Llama instance; threads are always explicit, the library default oversubscribes small machines. */
export async function getCpuLlama(maxThreads: number): Promise<Llama> {
  llamaPromise ??= (async () => {
    const lib = await loadLlamaModule();
    try {
      return await lib.getLlama({
        gpu: false,
        build: "never",
        maxThreads,
        logLevel: lib.LlamaLogLevel.error,
        logger: (level, message) => {
          const line = message.trim();
          if (!line) return;
          recentLog.push(line);
          logged++;
          if (recentLog.length > 8) recentLog.shift();
          console.error(`[node-llama-cpp] ${line}`);
        },
      });
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
  const llama = await llamaPromise;
  // One instance per process (llama.cpp's log goes to the first one made): raise its limit if asked.
  if (llama.maxThreads < maxThreads) llama.maxThreads = maxThreads;
  return llama;
}
