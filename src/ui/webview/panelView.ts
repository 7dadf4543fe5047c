// What every EAD view backed by one webview panel offers its callers (the settings panel, the stats
// view): the open panel, show, and taking over a panel VS Code restored after a reload.
import type * as vscode from "vscode";
import type { SinglePanel } from "./panel";

export abstract class PanelView {
  protected abstract readonly host: SinglePanel;

  /** The open webview panel, if any. */
  get panel(): vscode.WebviewPanel | undefined {
    return this.host.current;
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  show(): void {
    this.host.show();
  }

  /** Takes over the panel VS Code restored after a window reload. */
  restore(panel: vscode.WebviewPanel): void {
    this.host.restore(panel);
  }
}
