// The settings a repository must not set: where the large model runs (ead.largeServer, which receives
// code and the team-server key) and which model files are loaded (ead.smallModel / ead.largeModel,
// parsed by llama.cpp). Only the user's own value counts; a workspace or folder value is ignored.
// Pure: the caller passes what WorkspaceConfiguration.inspect() returned, or a workspace settings
// file's text (VS Code hides a workspace value of a user-only setting from inspect(), yet the user
// should hear that the repository tried). No vscode import.
// The ESM build: esbuild cannot follow the UMD build's runtime requires.
import { parse } from "jsonc-parser/lib/esm/main.js";

export const USER_ONLY_SETTINGS = ["smallModel", "largeModel", "largeServer"] as const;
export type UserOnlySetting = (typeof USER_ONLY_SETTINGS)[number];

/** The levels inspect() reports (the fields used here). */
export interface SettingLevels<T> {
  defaultValue?: T;
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
  workspaceLanguageValue?: T;
  workspaceFolderLanguageValue?: T;
}

/** The value from the user's settings, else the default; workspace and folder values never count. */
export function userValue<T>(levels: SettingLevels<T> | undefined): T | undefined {
  return levels?.globalValue ?? levels?.defaultValue;
}

/** Whether a workspace, folder or workspace language section sets the setting (and is being ignored). */
export function setByWorkspace(levels: SettingLevels<unknown> | undefined): boolean {
  if (!levels) return false;
  return [levels.workspaceValue, levels.workspaceFolderValue, levels.workspaceLanguageValue, levels.workspaceFolderLanguageValue].some((v) => v !== undefined);
}

/** The message for settings a workspace tried to set, or undefined when it set none. */
export function ignoredWorkspaceMessage(keys: UserOnlySetting[]): string | undefined {
  if (!keys.length) return undefined;
  const names = keys.map((k) => `ead.${k}`).join(", ");
  return (
    `EAD: this workspace's settings set ${names}. EAD ignores ${keys.length > 1 ? "them" : "it"}: a repository could use ` +
    `${keys.length > 1 ? "these settings" : "it"} to send your code and team-server key elsewhere or to load a model file it ships. ` +
    `Only your user settings count; set ${keys.length > 1 ? "them" : "it"} there if you want ${keys.length > 1 ? "these values" : "this value"}.`
  );
}

/** Settings files larger than this are not read (a stranger wrote them). */
export const MAX_SETTINGS_FILE_CHARS = 1_000_000;

/**
 * The user-only settings a workspace settings file sets: `.vscode/settings.json` (keys at the top or in
 * a "[language]" section) or a `.code-workspace` file (the same under "settings"). Comments and
 * trailing commas are allowed, as VS Code allows them; text that is not an object sets nothing.
 */
export function userOnlyKeysInSettingsFile(text: string, kind: "settings" | "workspace"): UserOnlySetting[] {
  if (text.length > MAX_SETTINGS_FILE_CHARS) return [];
  const root: unknown = parse(text, [], { allowTrailingComma: true, disallowComments: false });
  const settings = kind === "workspace" && isObject(root) ? root.settings : root;
  if (!isObject(settings)) return [];
  const sections = [settings, ...Object.entries(settings).filter(([k, v]) => /^\[.*\]$/.test(k) && isObject(v)).map(([, v]) => v as Record<string, unknown>)];
  return USER_ONLY_SETTINGS.filter((key) => sections.some((section) => Object.prototype.hasOwnProperty.call(section, `ead.${key}`)));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
