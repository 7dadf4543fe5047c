// Writes a setting where it is set now: the workspace's settings when the workspace overrides it,
// else the user's (so a change is never hidden by a workspace value, nor copied into a workspace).
// A value equal to what applies without the key removes the key instead (settingValue.ts).
import * as vscode from "vscode";
import { valueToWrite } from "./settingValue";

export async function updateSetting(section: string, key: string, value: unknown): Promise<void> {
  const config = vscode.workspace.getConfiguration(section);
  const inspected = config.inspect(key);
  const inWorkspace = inspected?.workspaceValue !== undefined;
  const target = inWorkspace ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await config.update(key, valueToWrite(value, inspected, inWorkspace ? "workspace" : "user"), target);
}
