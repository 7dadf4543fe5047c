// The menu behind the status bar item: a QuickPick of statusMenuItems, and the mode picker.
import * as vscode from "vscode";
import { DECODE_MODES, type DecodeMode } from "../engine/types";
import { updateSetting } from "./settingsWrite";
import { modeItems, SET_MODE_COMMAND, statusMenuItems, type MenuItem } from "./statusMenuItems";

export const STATUS_MENU_COMMAND = "ead.internal.statusMenu";

function currentMode(): DecodeMode {
  const mode = vscode.workspace.getConfiguration("ead").get<string>("mode", "ead");
  return (DECODE_MODES as readonly string[]).includes(mode) ? (mode as DecodeMode) : "ead";
}

async function pick(items: MenuItem[], placeHolder: string): Promise<void> {
  const chosen = await vscode.window.showQuickPick(items, { placeHolder });
  if (chosen) await vscode.commands.executeCommand(chosen.command, ...(chosen.args ?? []));
}

/** Writes ead.mode where it is set now (the workspace when it overrides it, else the user's settings). */
async function setMode(mode?: unknown): Promise<void> {
  if (typeof mode !== "string" || !(DECODE_MODES as readonly string[]).includes(mode)) {
    await pick(modeItems(currentMode(), DECODE_MODES), "Decoding mode");
    return;
  }
  await updateSetting("ead", "mode", mode);
  void vscode.window.setStatusBarMessage(`EAD: decoding mode ${mode}`, 3000);
}

export function registerStatusMenu(): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(STATUS_MENU_COMMAND, () => {
      const enabled = vscode.workspace.getConfiguration("ead").get<boolean>("enabled", true);
      return pick(statusMenuItems({ enabled, mode: currentMode() }), "EAD Complete");
    }),
    vscode.commands.registerCommand(SET_MODE_COMMAND, setMode),
  );
}
