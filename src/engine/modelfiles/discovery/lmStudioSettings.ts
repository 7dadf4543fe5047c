// The models folder a user chose in LM Studio ("My Models" -> change folder), which it records as
// `downloadsFolder` in its settings.json: ~/.lmstudio/settings.json, the app-data folder's
// `LM Studio/settings.json` (%APPDATA% on Windows, ~/Library/Application Support on macOS,
// $XDG_CONFIG_HOME or ~/.config on Linux), and LM Studio 0.3's ~/.lmstudio-home-pointer, a text file
// naming its home folder when that was moved (models under <home>/models, settings in <home>). Each file
// is read only when small and a regular file; a value counts only when it is an absolute path (a
// leading `~` is the home folder). With `homeOnly`, nothing outside the home folder is read or named.
import { readFile, stat } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";
import type { StoreEnv } from "./types";
import { isInside } from "./walk";

const MAX_BYTES = 1 << 20;

async function readSmall(path: string): Promise<string | undefined> {
  try {
    const info = await stat(path);
    if (!info.isFile() || info.size > MAX_BYTES) return undefined;
    return await readFile(path, "utf8");
  } catch {
    return undefined;
  }
}

/** An absolute path from a setting (`~` expanded), or undefined for anything else. */
export function settingPath(value: unknown, e: StoreEnv): string | undefined {
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  const path = /^~(?:[\\/]|$)/.test(text) ? join(e.home, text.slice(1)) : text;
  if (!path || path.includes("\0") || !isAbsolute(path)) return undefined;
  const full = resolve(path);
  return e.homeOnly && !isInside(resolve(e.home), full) ? undefined : full;
}

function appDataFolder(e: StoreEnv): string {
  if (e.platform === "win32") return join(e.env.APPDATA ?? join(e.home, "AppData", "Roaming"), "LM Studio");
  if (e.platform === "darwin") return join(e.home, "Library", "Application Support", "LM Studio");
  return join(e.env.XDG_CONFIG_HOME ?? join(e.home, ".config"), "LM Studio");
}

/** The models folders LM Studio's settings name, in the order found (may repeat). */
export async function lmStudioSettingsFolders(e: StoreEnv): Promise<string[]> {
  const folders: string[] = [];
  const settingsFiles = [join(e.home, ".lmstudio", "settings.json"), join(appDataFolder(e), "settings.json")];
  const pointed = settingPath((await readSmall(join(e.home, ".lmstudio-home-pointer")))?.split(/\r?\n/)[0], e);
  if (pointed) {
    folders.push(join(pointed, "models"));
    settingsFiles.push(join(pointed, "settings.json"));
  }
  for (const file of settingsFiles) {
    if (!settingPath(file, e)) continue;
    const text = await readSmall(file);
    if (text === undefined) continue;
    try {
      const folder = settingPath((JSON.parse(text) as { downloadsFolder?: unknown } | null)?.downloadsFolder, e);
      if (folder) folders.push(folder);
    } catch {
      // Not JSON: LM Studio's defaults stand.
    }
  }
  return folders;
}
