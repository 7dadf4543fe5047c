// Model files already on this machine, from the stores of the tools people run models with. Each store
// is read at its documented place only (see each scanner); a file reachable twice is listed once.
import { homedir } from "node:os";
import { huggingFaceFolders, scanHuggingFace } from "./huggingface";
import { lmStudioFolders, scanLmStudio } from "./lmstudio";
import { ollamaFolders, scanOllama } from "./ollama";
import { downloadsFolders, llamaCppFolders, nodeLlamaCppFolders, scanPlainFolder } from "./plainFolders";
import type { FoundFile, ModelSource, StoreEnv } from "./types";

export type { FoundFile, ModelSource, StoreEnv } from "./types";
export { MODEL_SOURCES } from "./types";

/** The environment overrides the scanners honour; `--home` unsets them. */
export const STORE_ENV_KEYS = ["OLLAMA_MODELS", "HF_HUB_CACHE", "HF_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "LLAMA_CACHE", "LOCALAPPDATA", "APPDATA"] as const;

/** This machine's stores; with `home`, that folder replaces the home folder and no override applies. */
export function storeEnv(options: { home?: string; downloadsDir?: string } = {}): StoreEnv {
  const env: Record<string, string | undefined> = {};
  if (options.home === undefined) for (const key of STORE_ENV_KEYS) env[key] = process.env[key] || undefined;
  return { home: options.home ?? homedir(), env, platform: process.platform, homeOnly: options.home !== undefined, downloadsDir: options.downloadsDir };
}

export async function findModelFiles(e: StoreEnv): Promise<FoundFile[]> {
  const wanted = (source: ModelSource) => !e.sources || e.sources.includes(source);
  const scans: Promise<FoundFile[]>[] = [
    ...(wanted("ollama") ? ollamaFolders(e).map(scanOllama) : []),
    ...(wanted("lmstudio") ? (await lmStudioFolders(e)).map(scanLmStudio) : []),
    ...(wanted("huggingface") ? huggingFaceFolders(e).map(scanHuggingFace) : []),
    ...(wanted("llama.cpp") ? llamaCppFolders(e).map((f) => scanPlainFolder(f, "llama.cpp")) : []),
    ...(wanted("node-llama-cpp") ? nodeLlamaCppFolders(e).map((f) => scanPlainFolder(f, "node-llama-cpp")) : []),
    ...(wanted("downloads") ? downloadsFolders(e).map((f) => scanPlainFolder(f, "downloads")) : []),
  ];
  const seen = new Set<string>();
  const out: FoundFile[] = [];
  for (const files of await Promise.all(scans)) {
    for (const f of files) {
      if (seen.has(f.realPath)) continue;
      seen.add(f.realPath);
      out.push(f);
    }
  }
  return out;
}
