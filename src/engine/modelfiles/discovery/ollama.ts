// Ollama's store: `manifests/<registry>/<namespace>/<model>/<tag>` JSON files whose model layer names a
// `blobs/sha256-<hex>` file (a GGUF without an extension). Its folder is OLLAMA_MODELS, else
// ~/.ollama/models (macOS, Windows and a user's Linux install), plus /usr/share/ollama/.ollama/models
// where the Linux install script runs it as a service (documented in Ollama's FAQ).
import { readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import type { FoundFile, StoreEnv } from "./types";
import { realPathInside, storeRoot, walkStore } from "./walk";

const MODEL_LAYER = "application/vnd.ollama.image.model";
const DEFAULT_REGISTRY = "registry.ollama.ai";

export function ollamaFolders(e: StoreEnv): string[] {
  if (e.env.OLLAMA_MODELS) return [e.env.OLLAMA_MODELS];
  const folders = [join(e.home, ".ollama", "models")];
  if (e.platform === "linux" && !e.homeOnly) folders.push("/usr/share/ollama/.ollama/models");
  return folders;
}

/** `qwen2.5-coder:1.5b-base` for the library, `user/model:tag` and `host/user/model:tag` otherwise. */
export function ollamaName(manifestPath: string): string | undefined {
  const parts = manifestPath.split(sep);
  if (parts.length < 4) return undefined;
  const [host, namespace, model, tag] = parts.slice(-4);
  if (host === DEFAULT_REGISTRY) return namespace === "library" ? `${model}:${tag}` : `${namespace}/${model}:${tag}`;
  return `${host}/${namespace}/${model}:${tag}`;
}

export async function scanOllama(folder: string): Promise<FoundFile[]> {
  const root = await storeRoot(folder);
  if (!root) return [];
  const manifestsRoot = join(root, "manifests");
  const manifests = await walkStore(root, { maxDepth: 5, accept: () => true }).then((all) => all.filter((p) => p.startsWith(manifestsRoot + sep)));
  const found: FoundFile[] = [];
  for (const manifest of manifests) {
    const name = ollamaName(relative(manifestsRoot, manifest));
    if (!name) continue;
    let digest: unknown;
    try {
      const text = await readFile(manifest, "utf8");
      if (text.length > 1 << 20) continue;
      const layers = (JSON.parse(text) as { layers?: { mediaType?: unknown; digest?: unknown }[] }).layers;
      digest = Array.isArray(layers) ? layers.find((l) => l?.mediaType === MODEL_LAYER)?.digest : undefined;
    } catch {
      continue;
    }
    // Only a well-formed digest becomes a file name: a manifest cannot point outside the blobs folder.
    const m = typeof digest === "string" ? /^sha256[:-]([0-9a-f]{64})$/.exec(digest) : null;
    if (!m) continue;
    const blob = join(root, "blobs", `sha256-${m[1]}`);
    const real = await realPathInside(root, blob);
    if (real) found.push({ path: blob, realPath: real, source: "ollama", name });
  }
  return found;
}
