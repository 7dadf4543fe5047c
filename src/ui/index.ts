// The extension's views of EAD at work: provenance colours on accepted text, the settings panel and the
// switch stats view. extension.ts calls registerUi once and wires the returned command handlers.
import * as vscode from "vscode";
import type { BudgetSnapshot } from "../completion/budgetKeeper";
import type { CompletionEvents, CompletionRecord } from "../completion/events";
import type { DecodeSettings, PromptContext } from "../engine/types";
import { ProvenanceDecorations } from "./provenance/provenance";
import { SettingsPanel } from "./settings/settingsPanel";
import { updateSetting } from "./settingsWrite";
import { registerStatusMenu } from "./statusMenu";
import { SessionStats } from "./stats/sessionStats";
import { StatsView } from "./stats/statsView";
import { registerWalkthroughContext } from "./walkthroughContext";

export interface Ui {
  /** Command handlers by command id. */
  handlers: Record<string, (...args: unknown[]) => unknown>;
  provenance: ProvenanceDecorations;
  stats: SessionStats;
  statsView: StatsView;
  settingsPanel: SettingsPanel;
}

/** One line per completion in the log: what the stats view adds up. */
export function completionLogLine(record: CompletionRecord): string {
  const s = record.stats;
  const fixed = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : String(v));
  return (
    `completion: mode=${record.settings.mode} threshold=${record.settings.threshold} window=${record.settings.window} ` +
    `small=${s.smallTokens} large=${s.largeTokens} switches=${s.switches} ` +
    `evaluated=${s.evaluated.small}/${s.evaluated.large} latency=${fixed(record.latencyMs, 1)}ms paramCost=${fixed(s.paramCost, 4)} ` +
    `stop=${s.stopReason}` +
    // The team server failed during this completion: the small model wrote the rest.
    (s.fallback ? ` fallback=${JSON.stringify(s.fallback)}` : "")
  );
}

export function registerUi(
  context: vscode.ExtensionContext,
  events: CompletionEvents,
  log: vscode.LogOutputChannel,
  budget?: (settings: DecodeSettings) => BudgetSnapshot | undefined,
  models?: () => string | undefined,
  /** The last request the engine got, for the stats view's context line. */
  lastRequest?: () => { context?: PromptContext } | undefined,
): Ui {
  const stats = new SessionStats();
  const provenance = new ProvenanceDecorations(events, log, context.workspaceState);
  const settingsPanel = new SettingsPanel(context.extensionUri, context.extension.packageJSON, stats, log, budget);
  const statsView = new StatsView(
    context.extensionUri,
    stats,
    log,
    () => {
      statsView.update();
      settingsPanel.update();
    },
    models,
    budget,
    lastRequest,
  );

  // Views that are open follow new completions; a burst of completions redraws once.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const scheduleUpdate = () => {
    if (timer || (!statsView.isOpen && !settingsPanel.isOpen)) return;
    timer = setTimeout(() => {
      timer = undefined;
      statsView.update();
      settingsPanel.update();
    }, 100);
  };
  context.subscriptions.push(
    events.onDidComplete((record) => {
      stats.add(record);
      log.info(completionLogLine(record));
      scheduleUpdate();
    }),
    events.onDidShow((shown) => {
      const before = stats.lastShown;
      const record = stats.shown(shown.uri, shown.text);
      if (record && record !== before) {
        log.info(`completion shown: small=${record.stats.smallTokens} large=${record.stats.largeTokens} chars=${shown.text.length}`);
        scheduleUpdate();
      }
    }),
    provenance,
    statsView,
    settingsPanel,
    registerStatusMenu(),
    registerWalkthroughContext(events),
    { dispose: () => timer && clearTimeout(timer) },
  );

  const toggleProvenance = async () => {
    const next = !vscode.workspace.getConfiguration("ead.provenance").get<boolean>("enabled", false);
    await updateSetting("ead.provenance", "enabled", next);
    void vscode.window.setStatusBarMessage(`EAD: provenance colours ${next ? "on" : "off"}`, 3000);
  };

  return {
    handlers: {
      "ead.showStats": () => statsView.show(),
      "ead.openSettings": () => settingsPanel.show(),
      "ead.toggleProvenance": toggleProvenance,
      "ead.clearProvenance": () => {
        const cleared = provenance.clear();
        const what = cleared.ranges === 0 ? "no provenance colours to clear" : `cleared provenance colours of ${cleared.ranges} token${cleared.ranges === 1 ? "" : "s"} in ${cleared.documents} document${cleared.documents === 1 ? "" : "s"}`;
        void vscode.window.setStatusBarMessage(`EAD: ${what}`, 4000);
        return cleared;
      },
    },
    provenance,
    stats,
    statsView,
    settingsPanel,
  };
}
