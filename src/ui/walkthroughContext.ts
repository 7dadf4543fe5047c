// Context keys that tick the walkthrough's steps (package.json `completionEvents: onContext:...`): the
// steps follow what the user has, not whether a setting changed while the walkthrough was open. Set at
// activation too, so models chosen earlier and suggestions made count.
import * as vscode from "vscode";
import type { CompletionEvents } from "../completion/events";
import { MODELS_CHOSEN_KEY, modelsChosen, SUGGESTION_SHOWN_KEY } from "./walkthroughKeys";

export function registerWalkthroughContext(events: CompletionEvents): vscode.Disposable {
  const update = () => {
    const config = vscode.workspace.getConfiguration("ead");
    void vscode.commands.executeCommand("setContext", MODELS_CHOSEN_KEY, modelsChosen((k) => config.get(k)));
  };
  update();
  let shown = false;
  return vscode.Disposable.from(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (["ead.smallModel", "ead.largeModel", "ead.largeServer"].some((k) => e.affectsConfiguration(k))) update();
    }),
    events.onDidShow(() => {
      if (shown) return;
      shown = true;
      void vscode.commands.executeCommand("setContext", SUGGESTION_SHOWN_KEY, true);
    }),
  );
}
