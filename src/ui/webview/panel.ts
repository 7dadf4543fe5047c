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
