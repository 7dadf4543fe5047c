// Writes a setting where it is set now: the workspace's settings when the workspace overrides it,
// else the user's (so a change is never hidden by a workspace value, nor copied into a workspace).
import * as vscode from "vscode";

export async function updateSetting(section: string, key: string, value: unknown): Promise<void> {
  const config = vscode.workspace.getConfiguration(section);
  const target = config.inspect(key)?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await config.update(key, value, target);
}
