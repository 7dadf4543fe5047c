// Loads node-llama-cpp (ESM-only, so through a real dynamic import) and one shared Llama instance.
import type { Llama } from "node-llama-cpp";
import { EngineError } from "./errors";
import type { GpuSetting } from "./placement";

export type LlamaModule = typeof import("node-llama-cpp");

let modulePromise: Promise<LlamaModule> | undefined;
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

/**
 * One Llama instance per `ead.gpu` value and process (llama.cpp's log goes to the first one made).
 * Kept on globalThis: every bundle that includes this module (each test file is one) shares it, where
 * a map per copy made a Llama per bundle, each with a "beforeExit" listener that nothing removed.
 */
const INSTANCES = Symbol.for("ead-complete.llamaInstances");
const shared = globalThis as { [INSTANCES]?: Map<GpuSetting, Promise<Llama>> };
const instances = (shared[INSTANCES] ??= new Map<GpuSetting, Promise<Llama>>());

/** The CPU Llama instance; threads are always explicit, the library default oversubscribes small machines. */
export function getCpuLlama(maxThreads: number): Promise<Llama> {
  return getLlamaFor("off", maxThreads);
}

/**
 * The Llama instance for a GPU setting: `auto` takes the GPU backend node-llama-cpp finds (CUDA, Vulkan,
 * Metal) or the CPU; a named backend that this machine cannot use is an error naming it.
 */
export async function getLlamaFor(gpu: GpuSetting, maxThreads: number): Promise<Llama> {
  let pending = instances.get(gpu);
  if (!pending) {
    pending = (async () => {
      const lib = await loadLlamaModule();
      try {
        const llama = await lib.getLlama({
          gpu: gpu === "off" ? false : gpu,
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
        // node-llama-cpp quietly falls back to the CPU where a named backend does not exist (Metal off macOS).
        if (gpu !== "off" && gpu !== "auto" && llama.gpu !== gpu) {
          await llama.dispose();
          throw new EngineError("NO_BINARY", gpuUnavailable(gpu));
        }
        return llama;
      } catch (error) {
        instances.delete(gpu);
        if (error instanceof lib.NoBinaryFoundError) {
          throw new EngineError(
            "NO_BINARY",
            gpu === "off" || gpu === "auto"
              ? `No prebuilt llama.cpp binary fits this platform (${process.platform}-${process.arch}); it is not supported yet.`
              : gpuUnavailable(gpu),
          );
        }
        throw error;
      }
    })();
    instances.set(gpu, pending);
  }
  const llama = await pending;
  // One instance per process and setting: raise its limit if asked.
  if (llama.maxThreads < maxThreads) llama.maxThreads = maxThreads;
  return llama;
}

function gpuUnavailable(gpu: GpuSetting): string {
  return `The GPU backend "${gpu}" (setting ead.gpu) cannot be used on this machine (${process.platform}-${process.arch}: no such GPU, driver or prebuilt binary). Set ead.gpu to "auto" to use whatever GPU is found, or "off" for the CPU.`;
}
