// Recommended model pairs to download, by hardware. Both models of a pair are Qwen2.5-Coder base
// models (fill-in-the-middle trained) quantised to Q8_0, so they share one vocabulary.

export interface ModelPreset {
  id: "cpu" | "gpu";
  label: string;
  detail: string;
  small: string;
  large: string;
  /** Approximate download size of both files, bytes. */
  downloadBytes: number;
}

export const MODEL_PRESETS: readonly ModelPreset[] = [
  {
    id: "cpu",
    label: "CPU laptop: Qwen2.5-Coder 0.5B + 1.5B (Q8_0)",
    detail: "About 2.2 GB to download and 2.5 GB of memory. Fast enough on 4+ cores without a GPU.",
    small: "hf:ggml-org/Qwen2.5-Coder-0.5B-Q8_0-GGUF:Q8_0",
    large: "hf:ggml-org/Qwen2.5-Coder-1.5B-Q8_0-GGUF:Q8_0",
    downloadBytes: 2_200_000_000,
  },
  {
    id: "gpu",
    label: "GPU / strong machine: Qwen2.5-Coder 0.5B + 7B (Q8_0)",
    detail: "About 8.6 GB to download and 9.5 GB of memory. The pair llama.cpp's own FIM presets use for speculative decoding.",
    small: "hf:ggml-org/Qwen2.5-Coder-0.5B-Q8_0-GGUF:Q8_0",
    large: "hf:ggml-org/Qwen2.5-Coder-7B-Q8_0-GGUF:Q8_0",
    downloadBytes: 8_600_000_000,
  },
];

/** Memory the GPU preset needs while loaded (about 9.5 GB), with room for the editor and the system. */
export const GPU_PRESET_MIN_MEMORY_BYTES = 16 * 2 ** 30;

/**
 * The preset that suits a machine, chosen from its memory. A GPU gets the larger pair when the machine
 * has the memory for it: on Apple silicon the GPU shares the one memory (counted once), so an 8 GB Mac
 * gets the CPU pair; a discrete GPU's own memory is not known here, so the same bar applies. Without a
 * GPU, 32 GB and 8 or more cores (unknown counts as enough) get the larger pair.
 */
export function suggestedPreset(hasGpu: boolean, totalMemoryBytes: number, cores = Infinity): ModelPreset {
  const gpuPair = hasGpu ? totalMemoryBytes >= GPU_PRESET_MIN_MEMORY_BYTES : totalMemoryBytes >= 32 * 2 ** 30 && cores >= 8;
  return gpuPair ? MODEL_PRESETS[1] : MODEL_PRESETS[0];
}
