// Closing editors in the VS Code tests without the "save changes?" dialog: closing a modified document
// (an untitled one with content, or an edited file) asks the user, and the open modal dialog then holds
// the keyboard focus, so that later typing no longer triggers inline completions.
import * as vscode from "vscode";

/** Reverts and closes every open editor (text documents, webviews, anything else) in every group. */
export async function closeAllEditorsWithoutSaving(): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs)[0];
    if (!tab) return;
    if (tab.input instanceof vscode.TabInputText && tab.isDirty) {
      await vscode.window.showTextDocument(tab.input.uri, { viewColumn: tab.group.viewColumn, preview: false });
      await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");
    } else {
      await vscode.window.tabGroups.close(tab);
    }
  }
  throw new Error(`editors still open after 100 closes: ${vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label).join(", ")}`);
}

/** Open tabs, with a * on modified ones (for failure messages). */
export function describeTabs(): string {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => `${t.label}${t.isDirty ? "*" : ""}${t.isActive ? " (active)" : ""}`).join(", ") || "none";
}
