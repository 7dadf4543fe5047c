// Extension entry: wiring only. Features live in their own modules and are hooked in here.
import * as vscode from "vscode";
import { registerCommands, type CommandHandler } from "./commands";

let log: vscode.LogOutputChannel | undefined;

export function activate(context: vscode.ExtensionContext): void {
  log = vscode.window.createOutputChannel("EAD Complete", { log: true });
  context.subscriptions.push(log);
  log.info(
    `EAD Complete ${context.extension.packageJSON.version} activating (VS Code ${vscode.version}, uiKind ${vscode.UIKind[vscode.env.uiKind]})`,
  );

  const handlers: Partial<Record<string, CommandHandler>> = {};
  registerCommands(context, log, handlers);
}

export function deactivate(): void {
  log?.info("EAD Complete deactivated");
  log = undefined;
}
