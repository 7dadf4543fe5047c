// What a store scanner finds: a file that should be a GGUF model, and how its store names it.

export const MODEL_SOURCES = ["ollama", "lmstudio", "huggingface", "llama.cpp", "node-llama-cpp", "downloads"] as const;
export type ModelSource = (typeof MODEL_SOURCES)[number];

export interface FoundFile {
  /** Path of the file (inside its store; links not resolved). */
  path: string;
  /** The real file (links resolved), to list a file reachable twice once. */
  realPath: string;
  source: ModelSource;
  /** The store's name for it: `qwen2.5-coder:1.5b-base`, `Qwen/Qwen2.5-Coder-1.5B-GGUF/file.gguf`, ... */
  name: string;
}

/** Where the stores are looked for: the home folder, the environment overrides and the OS. */
export interface StoreEnv {
  home: string;
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  /** Machine-wide folders (Ollama's Linux service store) are left out: `--home` lays out a whole machine. */
  homeOnly?: boolean;
  /** Only these stores (all when absent). */
  sources?: readonly ModelSource[];
  /** The extension's own download folder, when known (the editor passes it). */
  downloadsDir?: string;
}
