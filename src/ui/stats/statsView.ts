// "EAD: Show switch stats": a webview with the session's numbers and the last completion's entropy
// timeline. The numbers come from SessionStats; the drawing is media/stats.js.
import * as vscode from "vscode";
import type { SessionStats } from "./sessionStats";
import { validateStatsMessage } from "./statsMessages";
import { SinglePanel } from "../webview/panel";
import { PanelView } from "../webview/panelView";
import type { BudgetSnapshot } from "../../completion/budgetKeeper";
import type { DecodeSettings, PromptContext } from "../../engine/types";
import { lastContext, type LastContext } from "./lastContext";
import { currentDecodeSettings } from "../settings/settingsPanel";
import { thresholdInForce } from "./thresholdInForce";

export class StatsView extends PanelView implements vscode.Disposable {
  protected readonly host: SinglePanel;

  constructor(
    extensionUri: vscode.Uri,
    private readonly stats: SessionStats,
    private readonly log: vscode.LogOutputChannel,
    /** Called after the user resets the numbers, so other views can follow. */
    private readonly onReset: () => void,
    /** The loaded pair and where each model runs, if loaded. */
    private readonly models: () => string | undefined = () => undefined,
    private readonly budget: (settings: DecodeSettings) => BudgetSnapshot | undefined = () => undefined,
    /** The last request the engine got (its context, if any), undefined before the first. */
    private readonly lastRequest: () => { context?: PromptContext } | undefined = () => undefined,
  ) {
    super();
    this.host = new SinglePanel(
      extensionUri,
      {
        viewType: "ead.stats",
        title: "EAD switch stats",
        scripts: ["common.js", "stats.js"],
        styles: ["panel.css"],
        body: `<main id="app" data-view="stats"><p class="muted">Loading…</p></main>`,
      },
      { refresh: () => this.update(), receive: (raw) => this.receive(raw) },
    );
  }


  /** What the view shows: the session's numbers, the threshold, the pair and where each model runs, the last request's context. */
  state(): {
    type: "state";
    summary: ReturnType<SessionStats["summary"]>;
    threshold: number;
    budgetTarget: number | null;
    models: string | null;
    context: LastContext;
  } {
    const settings = currentDecodeSettings();
    const { value, budgetTarget } = thresholdInForce(settings, this.budget(settings));
    const context = lastContext(this.lastRequest());
    return { type: "state", summary: this.stats.summary(), threshold: value, budgetTarget, models: this.models() ?? null, context };
  }

  /** Sends the current numbers to the open view, if any. */
  update(): void {
    if (!this.panel) return;
    void this.panel.webview.postMessage(this.state());
  }

  /** Handles one message from the webview (public for the integration tests). */
  receive(raw: unknown): void {
    const checked = validateStatsMessage(raw);
    if (!checked.ok) {
      this.log.warn(`stats view: ignored a message: ${checked.error}`);
      return;
    }
    switch (checked.message.type) {
      case "ready":
        this.update();
        break;
      case "reset":
        this.stats.reset();
        this.log.info("stats: session numbers reset");
        this.onReset();
        break;
      case "openSettings":
        void vscode.commands.executeCommand("ead.openSettings");
        break;
    }
  }

  dispose(): void {
    this.host.dispose();
  }
}
