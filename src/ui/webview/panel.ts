// Creates the extension's webview panels: scripts on, resources only from media/, the strict CSP shell.
import * as vscode from "vscode";
import { makeNonce, webviewHtml } from "./html";

export interface PanelSpec {
  viewType: string;
  title: string;
  /** File names under media/. */
  scripts: string[];
  styles: string[];
  body: string;
}

export function createPanel(extensionUri: vscode.Uri, spec: PanelSpec): vscode.WebviewPanel {
  const media = vscode.Uri.joinPath(extensionUri, "media");
  const panel = vscode.window.createWebviewPanel(spec.viewType, spec.title, vscode.ViewColumn.Beside, {
    enableScripts: true,
    enableCommandUris: false,
    enableForms: false,
    localResourceRoots: [media],
  });
  panel.iconPath = vscode.Uri.joinPath(media, "ead.svg");
  const uri = (name: string) => panel.webview.asWebviewUri(vscode.Uri.joinPath(media, name)).toString();
  panel.webview.html = webviewHtml({
    cspSource: panel.webview.cspSource,
    nonce: makeNonce(),
    title: spec.title,
    styles: spec.styles.map(uri),
    scripts: spec.scripts.map(uri),
    body: spec.body,
  });
  return panel;
}

/** At most one panel of a kind: show() opens it, or brings the open one forward and refreshes it. */
export class SinglePanel {
  private panel: vscode.WebviewPanel | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly spec: PanelSpec,
    private readonly hooks: { refresh(): void; receive(raw: unknown): void },
  ) {}

  /** The open panel, if any. */
  get current(): vscode.WebviewPanel | undefined {
    return this.panel;
  }

  show(): void {
    if (this.panel) {
      this.panel.reveal(undefined, false);
      this.hooks.refresh();
      return;
    }
    const panel = createPanel(this.extensionUri, this.spec);
    this.panel = panel;
    panel.onDidDispose(() => (this.panel = undefined));
    panel.webview.onDidReceiveMessage((raw) => this.hooks.receive(raw));
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
