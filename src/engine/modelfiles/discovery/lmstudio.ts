// LM Studio's models folder: `publisher/model/<file>.gguf`. ~/.lmstudio/models since LM Studio 0.3, and
// ~/.cache/lm-studio/models before it (the same under the user's folder on Windows), plus the folder the
// user moved it to, as LM Studio's settings record it (lmStudioSettings.ts).
import { join, relative, resolve, sep } from "node:path";
import { lmStudioSettingsFolders } from "./lmStudioSettings";
import type { FoundFile, StoreEnv } from "./types";
import { isGgufName, realPathInside, storeRoot, walkStore } from "./walk";

export async function lmStudioFolders(e: StoreEnv): Promise<string[]> {
  const defaults = [join(e.home, ".lmstudio", "models"), join(e.home, ".cache", "lm-studio", "models")];
  const byPath = new Map<string, string>();
  for (const folder of [...defaults, ...(await lmStudioSettingsFolders(e))]) if (!byPath.has(resolve(folder))) byPath.set(resolve(folder), folder);
  return [...byPath.values()];
}

export async function scanLmStudio(folder: string): Promise<FoundFile[]> {
  const root = await storeRoot(folder);
  if (!root) return [];
  const found: FoundFile[] = [];
  for (const path of await walkStore(root, { maxDepth: 3, accept: isGgufName })) {
    const real = await realPathInside(root, path);
    // Vision projectors sit beside the models; they are not language models.
    if (real && !/mmproj/i.test(path)) found.push({ path, realPath: real, source: "lmstudio", name: relative(root, path).split(sep).join("/") });
  }
  return found;
}
