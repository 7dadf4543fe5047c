// The Hugging Face hub cache: `models--ORG--REPO/snapshots/REV/<file>.gguf`, links into the repo's
// `blobs/` (copies on Windows without symlink rights). Its folder is HF_HUB_CACHE, else $HF_HOME/hub,
// else $XDG_CACHE_HOME/huggingface/hub, else ~/.cache/huggingface/hub on every OS.
import { join, relative, sep } from "node:path";
import type { FoundFile, StoreEnv } from "./types";
import { isGgufName, realPathInside, storeRoot, walkStore } from "./walk";

export function huggingFaceFolders(e: StoreEnv): string[] {
  if (e.env.HF_HUB_CACHE) return [e.env.HF_HUB_CACHE];
  if (e.env.HF_HOME) return [join(e.env.HF_HOME, "hub")];
  if (e.env.XDG_CACHE_HOME) return [join(e.env.XDG_CACHE_HOME, "huggingface", "hub")];
  return [join(e.home, ".cache", "huggingface", "hub")];
}

export async function scanHuggingFace(folder: string): Promise<FoundFile[]> {
  const root = await storeRoot(folder);
  if (!root) return [];
  const files = await walkStore(root, { maxDepth: 6, accept: isGgufName });
  const found: FoundFile[] = [];
  for (const path of files) {
    const [repoDir, snapshots, , ...rest] = relative(root, path).split(sep);
    const repo = /^models--(.+?)--(.+)$/.exec(repoDir ?? "");
    if (!repo || snapshots !== "snapshots" || rest.length === 0) continue;
    const real = await realPathInside(root, path);
    if (real) found.push({ path, realPath: real, source: "huggingface", name: `${repo[1]}/${repo[2]}/${rest.join("/")}` });
  }
  return found;
}
