// Closing editors in the VS Code tests without the "save changes?" dialog: closing a modified document
// (an untitled one with content, or an edited file) asks the user, and nobody answers a test's dialog.
import * as vscode from "vscode";

/** Reverts and closes every open editor (text documents, webviews, anything else) in every group. */
export async function closeAllEditorsWithoutSaving(): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const tab = openTabs()[0];
    if (!tab) return;
    if (tab.input instanceof vscode.TabInputText && tab.isDirty) {
      await vscode.window.showTextDocument(tab.input.uri, { viewColumn: tab.group.viewColumn, preview: false });
      await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");
    } else {
      await vscode.window.tabGroups.close(tab);
    }
  }
  throw new Error(`editors still open after 100 closes: ${describeTabs()}`);
}

function openTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs);
}

/** Open tabs, with a * on modified ones (for failure messages). */
export function describeTabs(): string {
  return openTabs().map((t) => `${t.label}${t.isDirty ? "*" : ""}${t.isActive ? " (active)" : ""}`).join(", ") || "none";
}

/**
 * Editor settings (user scope) under which typed characters reach the document as typed and no suggest
 * widget opens over the inline suggestion.
 */
export async function typeAsTyped(): Promise<void> {
  const editor = vscode.workspace.getConfiguration("editor");
  const global = vscode.ConfigurationTarget.Global;
  await editor.update("autoClosingBrackets", "never", global);
  await editor.update("autoClosingQuotes", "never", global);
  await editor.update("autoIndent", "none", global);
  await editor.update("quickSuggestions", { other: false, comments: false, strings: false }, global);
  await editor.update("suggestOnTriggerCharacters", false, global);
}

/**
 * Turns off context from other files (user scope) for a suite that compares the editor's answer with
 * the CLI's on the file alone: chunks that earlier suites gathered would otherwise reach its prompts.
 * Gives the function that puts the user's value back.
 */
export async function contextOffForSuite(): Promise<() => Promise<void>> {
  const global = vscode.ConfigurationTarget.Global;
  const before = vscode.workspace.getConfiguration("ead").inspect<boolean>("context.enabled")?.globalValue;
  await vscode.workspace.getConfiguration("ead").update("context.enabled", false, global);
  return async () => vscode.workspace.getConfiguration("ead").update("context.enabled", before, global);
}
