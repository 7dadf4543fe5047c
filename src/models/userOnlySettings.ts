// Reads ead.smallModel, ead.largeModel and ead.largeServer from the user's settings only, and tells
// the user once per workspace when a workspace or folder tries to set them (the value is ignored).
// The rules themselves are in userOnlyValues.ts.
import * as vscode from "vscode";
import { ignoredWorkspaceMessage, setByWorkspace, USER_ONLY_SETTINGS, userValue, type UserOnlySetting } from "./userOnlyValues";

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

/** The settings of this kind that the open workspace (or one of its folders) sets. */
export function workspaceSetSettings(): UserOnlySetting[] {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const scopes: (vscode.ConfigurationScope | undefined)[] = [undefined, ...folders.map((f) => f.uri)];
  return USER_ONLY_SETTINGS.filter((key) => scopes.some((scope) => setByWorkspace(vscode.workspace.getConfiguration("ead", scope).inspect(key))));
}

type Notify = (message: string, buttons: string[]) => Thenable<string | undefined>;

/**
 * Tells, once per workspace and setting, that a workspace value was ignored, with a button that opens
 * the user setting. Call at start-up and when these settings change.
 */
export function tellIgnoredWorkspaceSettings(workspaceState: vscode.Memento, log: vscode.LogOutputChannel, notify: Notify): UserOnlySetting[] {
  const found = workspaceSetSettings();
  if (!found.length) return [];
  const told = new Set(workspaceState.get<string[]>(TOLD_STATE) ?? []);
  const fresh = found.filter((k) => !told.has(k));
  log.warn(`settings: ignored workspace value(s) of ${found.map((k) => `ead.${k}`).join(", ")}: only user settings count for these`);
  const message = ignoredWorkspaceMessage(fresh);
  if (!message) return [];
  void workspaceState.update(TOLD_STATE, [...told, ...fresh]);
  void notify(message, [OPEN_USER_SETTING]).then((choice) => {
    if (choice === OPEN_USER_SETTING) void vscode.commands.executeCommand("workbench.action.openSettings", `ead.${fresh[0]}`);
  });
  return fresh;
}
