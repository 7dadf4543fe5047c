// Command registry. Each product command is listed once here; a command without a handler yet tells
// the user so instead of failing silently. To implement one, pass its handler in `handlers`
// (see extension.ts) or add it to `defaultHandlers`.
import * as vscode from "vscode";

export type CommandHandler = (...args: unknown[]) => unknown;

export interface CommandSpec {
  id: string;
  title: string;
}

/** Every command contributed in package.json, in palette order. */
export const COMMANDS: readonly CommandSpec[] = [
  { id: "ead.showStats", title: "Show switch stats" },
  { id: "ead.openSettings", title: "Open settings panel" },
  { id: "ead.toggle", title: "Toggle inline completions" },
  { id: "ead.selectModels", title: "Select model files" },
  { id: "ead.downloadModels", title: "Download recommended models" },
  { id: "ead.triggerCompletion", title: "Trigger inline completion" },
  { id: "ead.toggleProvenance", title: "Toggle provenance colours" },
  { id: "ead.clearProvenance", title: "Clear provenance colours" },
  { id: "ead.setServerKey", title: "Set team server API key" },
  { id: "ead.clearServerKey", title: "Clear team server API key" },
];

export function notImplemented(spec: CommandSpec, log: vscode.LogOutputChannel): CommandHandler {
  return () => {
    const message = `EAD: ${spec.title} is not implemented yet.`;
    log.info(`command ${spec.id}: not implemented yet`);
    return vscode.window.showInformationMessage(message);
  };
}

/** Registers every command in COMMANDS; ids without a handler get the "not implemented yet" one. */
export function registerCommands(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  handlers: Partial<Record<string, CommandHandler>> = {},
): void {
  for (const spec of COMMANDS) {
    const handler = handlers[spec.id] ?? notImplemented(spec, log);
    const wrapped = async (...args: unknown[]) => {
      try {
        return await handler(...args);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        log.error(`command ${spec.id} failed: ${message}`);
        void vscode.window.showErrorMessage(`EAD: ${spec.title} failed: ${message}`);
        return undefined;
      }
    };
    context.subscriptions.push(vscode.commands.registerCommand(spec.id, wrapped));
  }
}
