// A first run: no model ships with the extension, so a window with no model pair chosen opens the
// "Get started" walkthrough once (download a recommended pair, or select files).
import { availableParallelism, totalmem } from "node:os";
import * as vscode from "vscode";
import { userSetting } from "./userOnlySettings";

export const WALKTHROUGH_ID = "ead-complete.ead-complete#ead.gettingStarted";
const SHOWN_KEY = "ead.walkthroughShown";

export interface Machine {
  cores: number;
  memoryBytes: number;
  /** A GPU the models can use: only Apple silicon (Metal) is known without probing the drivers. */
  gpu: boolean;
}

export function thisMachine(): Machine {
  return { cores: availableParallelism(), memoryBytes: totalmem(), gpu: process.platform === "darwin" && process.arch === "arm64" };
}

export function describeMachine(m: Machine): string {
  return `${m.cores} cores, ${Math.round(m.memoryBytes / 2 ** 30)} GB of memory${m.gpu ? ", Apple GPU" : ""}`;
}

export function openWalkthrough(): void {
  void vscode.commands.executeCommand("workbench.action.openWalkthrough", WALKTHROUGH_ID, false);
}

/** Opens the walkthrough once per installation while neither model is chosen. */
export function showWalkthroughOnFirstRun(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): boolean {
  if (userSetting("smallModel")?.trim() || userSetting("largeModel")?.trim()) return false;
  if (context.globalState.get<boolean>(SHOWN_KEY)) return false;
  void context.globalState.update(SHOWN_KEY, true);
  log.info("no model pair chosen: opening the Get started walkthrough");
  openWalkthrough();
  return true;
}
