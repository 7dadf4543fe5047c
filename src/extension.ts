// Extension entry: wiring only. Features live in their own modules and are hooked in here.
import * as vscode from "vscode";
import { registerCommands, type CommandHandler } from "./commands";
import type { CompletionEventHub } from "./completion/eventHub";
import { activateCompletions, type CompletionTestingApi } from "./wiring/wireExtension";
import type { TestHooks } from "./completion/testHooks";
import { apiInTestModeOnly } from "./testApi";
import { registerUi, type Ui } from "./ui";

/** What activate() returns under the extension's tests (ExtensionMode.Test) only: the parts integration tests drive directly. */
export interface ExtensionApi {
  events: CompletionEventHub;
  ui: Ui;
  /** Inline completion internals for the integration tests. */
  completions: CompletionTestingApi;
  /** Hooks that change behaviour, for the extension's own tests: absent unless VS Code runs them (ExtensionMode.Test). */
  testHooks?: TestHooks;
}

let log: vscode.LogOutputChannel | undefined;

export function activate(context: vscode.ExtensionContext): ExtensionApi | undefined {
  log = vscode.window.createOutputChannel("EAD Complete", { log: true });
  context.subscriptions.push(log);
  log.info(
    `EAD Complete ${context.extension.packageJSON.version} activating (VS Code ${vscode.version}, uiKind ${vscode.UIKind[vscode.env.uiKind]})`,
  );

  // The completion provider reports completions and accepts on its events; the UI listens.
  const completions = activateCompletions(context, log);
  const events = completions.events;
  const ui = registerUi(context, events, log, completions.budget, completions.models, () => completions.testing.lastEngineRequest());
  // The stats view says where the large model runs: it follows the team server's state.
  context.subscriptions.push(completions.teamServer.onDidChange(() => ui.statsView.update()));

  const handlers: Partial<Record<string, CommandHandler>> = { ...ui.handlers, ...completions.handlers };
  registerCommands(context, log, handlers);
  // Other extensions get nothing: this API reads completion text and reloads the engine.
  return apiInTestModeOnly(context.extensionMode === vscode.ExtensionMode.Test, () => ({ events, ui, completions: completions.testing, testHooks: completions.testHooks }));
}

export function deactivate(): void {
  log?.info("EAD Complete deactivated");
  log = undefined;
}
