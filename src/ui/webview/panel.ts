// Creates the extension's webview panels: scripts on, resources only from media/, the strict CSP shell.
import * as vscode from "vscode";
import { makeNonce, webviewHtml } from "./html";
import { isReadyMessage, ReadyWatch } from "./readyWatch";

/** The extension's open panels: a second one opens in the first one's editor group, not a new column. */
const openPanels = new Set<vscode.WebviewPanel>();

export interface PanelSpec {
  viewType: string;
  title: string;
  /** File names under media/. */
  scripts: string[];
  styles: string[];
  body: string;
}

/** The webview options of every panel: scripts on, resources only from media/. */
export function panelOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    enableForms: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, "media")],
  };
}

export function createPanel(extensionUri: vscode.Uri, spec: PanelSpec): vscode.WebviewPanel {
  const sibling = [...openPanels].find((p) => p.viewColumn !== undefined);
  const panel = vscode.window.createWebviewPanel(spec.viewType, spec.title, sibling?.viewColumn ?? vscode.ViewColumn.Beside, panelOptions(extensionUri));
  fillPanel(panel, extensionUri, spec);
  return panel;
}

/** Gives a panel (new, or restored after a window reload) its options, icon and the strict CSP shell. */
export function fillPanel(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, spec: PanelSpec): void {
  const media = vscode.Uri.joinPath(extensionUri, "media");
  panel.webview.options = panelOptions(extensionUri);
  panel.iconPath = vscode.Uri.joinPath(media, "ead.svg");
  const nonce = makeNonce();
  // A query new with each page, so a restored page never gets a cached (possibly empty) copy of a file.
  const uri = (name: string) => panel.webview.asWebviewUri(vscode.Uri.joinPath(media, name)).with({ query: `v=${nonce.slice(0, 8)}` }).toString();
  panel.webview.html = webviewHtml({
    cspSource: panel.webview.cspSource,
    nonce,
    title: spec.title,
    styles: spec.styles.map(uri),
    scripts: spec.scripts.map(uri),
    body: spec.body,
  });
}

/** At most one panel of a kind: show() opens it, or brings the open one forward and refreshes it. */
export class SinglePanel {
  private panel: vscode.WebviewPanel | undefined;
  private readonly serializer: vscode.Disposable;
  private watch: ReadyWatch | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly spec: PanelSpec,
    private readonly hooks: { refresh(): void; receive(raw: unknown): void },
  ) {
    // A panel open when the window reloads comes back (package.json activates on onWebviewPanel:<viewType>).
    this.serializer = vscode.window.registerWebviewPanelSerializer(spec.viewType, {
      deserializeWebviewPanel: async (panel) => this.restore(panel),
    });
  }

  /** Takes over a panel VS Code restored after a reload: the page is rebuilt and asks for its state. */
  restore(panel: vscode.WebviewPanel): void {
    if (this.panel && this.panel !== panel) {
      panel.dispose(); // one panel of a kind
      return;
    }
    fillPanel(panel, this.extensionUri, this.spec);
    this.adopt(panel);
  }

  /** Whether the open panel's page has said "ready" (its scripts run). */
  get isReady(): boolean {
    return this.watch?.ready ?? false;
  }

  /** The open panel, if any. */
  get current(): vscode.WebviewPanel | undefined {
    return this.panel;
  }

  show(): void {
    if (this.panel) {
      // A page that never came up is rebuilt, not only brought forward.
      if (!this.isReady) this.rebuild();
      this.panel.reveal(undefined, false);
      this.hooks.refresh();
      return;
    }
    this.adopt(createPanel(this.extensionUri, this.spec));
  }

  private adopt(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    openPanels.add(panel);
    const watch = new ReadyWatch(() => this.rebuild());
    this.watch?.dispose();
    this.watch = watch;
    panel.onDidDispose(() => {
      openPanels.delete(panel);
      watch.dispose();
      if (this.panel === panel) this.panel = undefined;
    });
    panel.webview.onDidReceiveMessage((raw) => {
      if (isReadyMessage(raw)) watch.sawReady();
      this.hooks.receive(raw);
    });
    watch.started();
  }

  /** Builds the open panel's page again (new nonce, new resource URIs). */
  private rebuild(): void {
    if (!this.panel) return;
    fillPanel(this.panel, this.extensionUri, this.spec);
    this.watch?.started();
  }

  dispose(): void {
    this.serializer.dispose();
    this.watch?.dispose();
    this.panel?.dispose();
  }
}
