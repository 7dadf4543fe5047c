// Reads ead.smallModel, ead.largeModel and ead.largeServer from the user's settings only, and tells
// the user once per workspace when a workspace or folder tries to set them (the value is ignored).
// The rules themselves are in userOnlyValues.ts.
import * as vscode from "vscode";
import { ignoredWorkspaceMessage, MAX_SETTINGS_FILE_CHARS, setByWorkspace, USER_ONLY_SETTINGS, userOnlyKeysInSettingsFile, userValue, type UserOnlySetting } from "./userOnlyValues";

const TOLD_STATE = "ead.userOnlySettings.told";
export const OPEN_USER_SETTING = "Open User Settings";

/** The user's value of a setting no workspace may set (the default when the user set none). */
export function userSetting<T = string>(key: UserOnlySetting): T | undefined {
  return userValue(vscode.workspace.getConfiguration("ead").inspect<T>(key));
}

/** Writes such a setting where it counts: the user's settings. */
export async function setUserSetting(key: UserOnlySetting, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration("ead").update(key, value, vscode.ConfigurationTarget.Global);
}

/**
 * The settings of this kind that the open workspace (or one of its folders) sets: as inspect() shows
 * them, and as its settings files hold them (VS Code hides a workspace value of a machine-scoped
 * setting from inspect(), but the repository still tried).
 */
export async function workspaceSetSettings(): Promise<UserOnlySetting[]> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const scopes: (vscode.ConfigurationScope | undefined)[] = [undefined, ...folders.map((f) => f.uri)];
  const found = new Set(USER_ONLY_SETTINGS.filter((key) => scopes.some((scope) => setByWorkspace(vscode.workspace.getConfiguration("ead", scope).inspect(key)))));
  const files: [vscode.Uri, "settings" | "workspace"][] = folders.map((f) => [vscode.Uri.joinPath(f.uri, ".vscode", "settings.json"), "settings"]);
  const workspaceFile = vscode.workspace.workspaceFile;
  if (workspaceFile && workspaceFile.scheme !== "untitled") files.push([workspaceFile, "workspace"]);
  for (const [uri, kind] of files) {
    const text = await readSmallText(uri);
    if (text !== undefined) for (const key of userOnlyKeysInSettingsFile(text, kind)) found.add(key);
  }
  return USER_ONLY_SETTINGS.filter((k) => found.has(k));
}

/** A file's text, or undefined when it is missing, unreadable or too large to be a settings file. */
async function readSmallText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    if ((await vscode.workspace.fs.stat(uri)).size > MAX_SETTINGS_FILE_CHARS) return undefined;
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

type Notify = (message: string, buttons: string[]) => Thenable<string | undefined>;

/**
 * Tells, once per workspace and setting, that a workspace value was ignored, with a button that opens
 * the user setting. Call at start-up and when these settings change.
 */
export async function tellIgnoredWorkspaceSettings(workspaceState: vscode.Memento, log: vscode.LogOutputChannel, notify: Notify): Promise<UserOnlySetting[]> {
  const found = await workspaceSetSettings();
  if (!found.length) return [];
  const told = new Set(workspaceState.get<string[]>(TOLD_STATE) ?? []);
  const fresh = found.filter((k) => !told.has(k));
  log.warn(`settings: ignored workspace value(s) of ${found.map((k) => `ead.${k}`).join(", ")}: only user settings count for these`);
  const message = ignoredWorkspaceMessage(fresh);
  if (!message) return [];
  await workspaceState.update(TOLD_STATE, [...told, ...fresh]);
  void notify(message, [OPEN_USER_SETTING]).then((choice) => {
    if (choice === OPEN_USER_SETTING) void vscode.commands.executeCommand("workbench.action.openSettings", `ead.${fresh[0]}`);
  });
  return fresh;
}

/** Tells now, when settings change, and when a workspace settings file is written (VS Code may not report that as a change). */
export function watchIgnoredWorkspaceSettings(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, notify: Notify): vscode.Disposable {
  const check = () => void tellIgnoredWorkspaceSettings(context.workspaceState, log, notify).catch((e) => log.warn(`settings: ${(e as Error).message}`));
  const watchers = (vscode.workspace.workspaceFolders ?? []).map((f) => vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(f, ".vscode/settings.json")));
  const disposables: vscode.Disposable[] = [
    ...watchers,
    ...watchers.flatMap((w) => [w.onDidCreate(check), w.onDidChange(check)]),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (USER_ONLY_SETTINGS.some((k) => e.affectsConfiguration(`ead.${k}`))) check();
    }),
  ];
  check();
  return vscode.Disposable.from(...disposables);
}
