// Stores that are plain folders of .gguf files: llama.cpp's download cache (LLAMA_CACHE, else
// $XDG_CACHE_HOME/llama.cpp or ~/.cache/llama.cpp on Linux, ~/Library/Caches/llama.cpp on macOS,
// %LOCALAPPDATA%\llama.cpp on Windows: common.cpp's fs_get_cache_directory), node-llama-cpp's models
// folder (~/.node-llama-cpp/models, its CLI's default) and this extension's own downloads.
import { join, relative, sep } from "node:path";
import type { FoundFile, ModelSource, StoreEnv } from "./types";
import { isGgufName, realPathInside, storeRoot, walkStore } from "./walk";

export function llamaCppFolders(e: StoreEnv): string[] {
  if (e.env.LLAMA_CACHE) return [e.env.LLAMA_CACHE];
  if (e.platform === "darwin") return [join(e.home, "Library", "Caches", "llama.cpp")];
  if (e.platform === "win32") return [join(e.env.LOCALAPPDATA ?? join(e.home, "AppData", "Local"), "llama.cpp")];
  return [join(e.env.XDG_CACHE_HOME ?? join(e.home, ".cache"), "llama.cpp")];
}

export function nodeLlamaCppFolders(e: StoreEnv): string[] {
  return [join(e.home, ".node-llama-cpp", "models")];
}

const EXTENSION_ID = "ead-complete.ead-complete";

/** The extension's global storage: the folder the editor names, else where VS Code and its kin keep it. */
export function downloadsFolders(e: StoreEnv): string[] {
  if (e.downloadsDir) return [e.downloadsDir];
  const userDirs =
    e.platform === "darwin"
      ? ["Code", "Code - Insiders", "VSCodium"].map((app) => join(e.home, "Library", "Application Support", app, "User"))
      : e.platform === "win32"
        ? ["Code", "Code - Insiders", "VSCodium"].map((app) => join(e.env.APPDATA ?? join(e.home, "AppData", "Roaming"), app, "User"))
        : [...["Code", "Code - Insiders", "VSCodium"].map((app) => join(e.env.XDG_CONFIG_HOME ?? join(e.home, ".config"), app, "User")), join(e.home, ".local", "share", "code-server", "User")];
  return userDirs.map((d) => join(d, "globalStorage", EXTENSION_ID));
}

export async function scanPlainFolder(folder: string, source: ModelSource, maxDepth = 4): Promise<FoundFile[]> {
  const root = await storeRoot(folder);
  if (!root) return [];
  const found: FoundFile[] = [];
  for (const path of await walkStore(root, { maxDepth, accept: isGgufName })) {
    const real = await realPathInside(root, path);
    if (real && !/mmproj/i.test(path)) found.push({ path, realPath: real, source, name: relative(root, path).split(sep).join("/") });
  }
  return found;
}
