// Turns the ead.smallModel / ead.largeModel settings into local files: empty means not chosen yet (no
// model ships with the extension: the walkthrough helps pick one); a path is used as is (~ and workspace-relative paths allowed); a model URI
// (hf:user/repo:QUANT or an http(s) URL) names a file downloaded earlier into the extension's storage.
import { existsSync } from "node:fs";
import { readFile, writeFile, mkdir, rename } from "node:fs/promises";
import { homedir } from "node:os";
import { isAbsolute, join, resolve as resolvePath } from "node:path";
import { EngineError } from "../errors";

export type ModelRoleName = "small" | "large";

export type ResolvedModel =
  | { role: ModelRoleName; source: "file"; setting: string; path: string }
  | { role: ModelRoleName; source: "uri"; setting: string; uri: string; path: string | undefined };

export interface ResolveEnv {
  /** Root folder of the extension (holding package.json). */
  extensionRoot: string;
  /** Where downloads go (the extension's global storage). */
  storageDir: string;
  /** Folder that relative paths are relative to. */
  workspaceFolder?: string;
}

export function isModelUri(value: string): boolean {
  return /^(hf:|huggingface:|https?:\/\/)/i.test(value.trim());
}

export async function resolveModelSetting(value: string | undefined, role: ModelRoleName, env: ResolveEnv): Promise<ResolvedModel> {
  const setting = (value ?? "").trim();
  if (setting === "") {
    throw new EngineError(
      "MODEL_MISSING",
      `No ${role} model is chosen yet (setting ead.${role}Model): download a recommended pair or select two GGUF files.`,
    );
  }
  if (isModelUri(setting)) {
    const path = await downloadedPath(env.storageDir, setting);
    return { role, source: "uri", setting, uri: setting, path };
  }
  let path = setting;
  if (path === "~" || path.startsWith("~/")) path = join(homedir(), path.slice(1));
  else if (!isAbsolute(path)) path = resolvePath(env.workspaceFolder ?? env.extensionRoot, path);
  return { role, source: "file", setting, path };
}

// Downloaded files are listed in an index next to them, written only once a download is complete
// and verified, so a partial file is never taken for a model.
const INDEX = "downloads.json";

type DownloadIndex = Record<string, { path: string; size: number; at: string }>;

async function readIndex(storageDir: string): Promise<DownloadIndex> {
  try {
    return JSON.parse(await readFile(join(storageDir, INDEX), "utf8")) as DownloadIndex;
  } catch {
    return {};
  }
}

export async function downloadedPath(storageDir: string, uri: string): Promise<string | undefined> {
  const entry = (await readIndex(storageDir))[uri];
  return entry && existsSync(entry.path) ? entry.path : undefined;
}

export async function recordDownload(storageDir: string, uri: string, path: string, size: number): Promise<void> {
  await mkdir(storageDir, { recursive: true });
  const index = await readIndex(storageDir);
  index[uri] = { path, size, at: new Date().toISOString() };
  const tmp = join(storageDir, `${INDEX}.${process.pid}.tmp`);
  await writeFile(tmp, JSON.stringify(index, null, 2));
  await rename(tmp, join(storageDir, INDEX));
}
