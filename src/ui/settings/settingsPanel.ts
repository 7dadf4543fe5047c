// "EAD: Open settings panel": sliders and numbers for the decoding settings, written to VS Code settings
// in the scope where each is set; a histogram of recent token entropies with the threshold, the large
// share the threshold would have given on that history, and calibration to a target share.
import * as vscode from "vscode";
import { calibrateThreshold, simulatedLargeShare } from "../../engine/calibrate";
import { normalizeSettings } from "../../engine/settings";
import type { DecodeSettings } from "../../engine/types";
import type { BudgetSnapshot } from "../../completion/budgetKeeper";
import type { SessionStats } from "../stats/sessionStats";
import { SinglePanel } from "../webview/panel";
import { PanelView } from "../webview/panelView";
import { valueToWrite } from "../settingValue";
import {
  DECODE_KEYS,
  entropyHistogram,
  fieldsFromSchema,
  settingProperties,
  type ConfigurationContribution,
  shareCurve,
  validateSettingsMessage,
  type PanelField,
  type PanelKey,
} from "./panelModel";

export type SettingScope = "default" | "user" | "workspace" | "workspaceFolder";

/** Where a setting's effective value comes from. */
export function scopeOf(inspected: { globalValue?: unknown; workspaceValue?: unknown; workspaceFolderValue?: unknown } | undefined): SettingScope {
  if (inspected?.workspaceFolderValue !== undefined) return "workspaceFolder";
  if (inspected?.workspaceValue !== undefined) return "workspace";
  if (inspected?.globalValue !== undefined) return "user";
  return "default";
}

/** The scope a change goes to: the workspace when the workspace already overrides it, else the user's. */
export function targetFor(scope: SettingScope): vscode.ConfigurationTarget {
  if (scope === "workspaceFolder") return vscode.ConfigurationTarget.WorkspaceFolder;
  if (scope === "workspace") return vscode.ConfigurationTarget.Workspace;
  return vscode.ConfigurationTarget.Global;
}

/** The decode settings currently in force, as the engine would read them. */
export function currentDecodeSettings(): DecodeSettings {
  const config = vscode.workspace.getConfiguration("ead");
  const input: Partial<Record<keyof DecodeSettings, unknown>> = {};
  for (const key of DECODE_KEYS) input[key] = config.get(key);
  return normalizeSettings(input).settings;
}

export class SettingsPanel extends PanelView implements vscode.Disposable {
  protected readonly host: SinglePanel;
  private readonly fields: PanelField[];
  private readonly disposables: vscode.Disposable[] = [];
  private notice: { kind: "info" | "error"; text: string } | undefined;

  constructor(
    extensionUri: vscode.Uri,
    packageJson: { contributes?: { configuration?: ConfigurationContribution } },
    private readonly stats: SessionStats,
    private readonly log: vscode.LogOutputChannel,
    /** The budget's choice, effective threshold and realised share, once a pair is loaded. */
    private readonly budget: (settings: DecodeSettings) => BudgetSnapshot | undefined = () => undefined,
  ) {
    super();
    this.fields = fieldsFromSchema(settingProperties(packageJson.contributes?.configuration));
    this.host = new SinglePanel(
      extensionUri,
      {
        viewType: "ead.settings",
        title: "EAD settings",
        scripts: ["common.js", "settings.js"],
        styles: ["panel.css"],
        body: `<main id="app" data-view="settings"><p class="muted">Loading…</p></main>`,
      },
      { refresh: () => this.update(), receive: (raw) => void this.receive(raw) },
    );
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration("ead")) this.update();
      }),
    );
  }

  /** Sends settings, scopes, histogram and replayed shares to the open panel. */
  update(): void {
    if (!this.panel) return;
    void this.panel.webview.postMessage(this.state());
  }

  private state() {
    const config = vscode.workspace.getConfiguration("ead");
    const values: Record<string, unknown> = {};
    const scopes: Record<string, SettingScope> = {};
    for (const f of this.fields) {
      values[f.key] = config.get(f.key);
      scopes[f.key] = scopeOf(config.inspect(f.key));
    }
    const settings = currentDecodeSettings();
    const sequences = this.stats.entropySequences();
    const histogram = entropyHistogram(this.stats.recentTokens());
    const threshold = this.fields.find((f) => f.key === "threshold");
    const top = Math.min(threshold?.kind === "number" ? threshold.max : 16, Math.max(histogram.max, settings.threshold));
    const share = simulatedLargeShare(sequences, settings);
    return {
      type: "state",
      fields: this.fields,
      values,
      scopes,
      hasWorkspace: (vscode.workspace.workspaceFolders?.length ?? 0) > 0,
      histogram,
      curve: shareCurve(sequences, settings, 0, top, 0.05),
      share: Number.isNaN(share) ? null : share,
      completions: sequences.length,
      budget: this.budget(settings) ?? null,
      notice: this.notice,
    };
  }

  /** Handles one message from the webview (public for the integration tests). */
  async receive(raw: unknown): Promise<void> {
    const checked = validateSettingsMessage(raw, this.fields);
    if (!checked.ok) {
      this.log.warn(`settings panel: ignored a message: ${checked.error}`);
      return;
    }
    const msg = checked.message;
    try {
      switch (msg.type) {
        case "ready":
          this.update();
          break;
        case "openStats":
          await vscode.commands.executeCommand("ead.showStats");
          break;
        case "set":
          await this.write(msg.key, msg.value);
          break;
        case "reset":
          await this.write(msg.key, undefined);
          break;
        case "calibrate":
          await this.calibrate(msg.target);
          break;
      }
    } catch (err) {
      const text = err instanceof Error ? err.message : String(err);
      this.log.error(`settings panel: ${msg.type} failed: ${text}`);
      this.notice = { kind: "error", text };
      this.update();
    }
  }

  private async write(key: PanelKey, value: number | string | boolean | undefined): Promise<void> {
    let config = vscode.workspace.getConfiguration("ead");
    const scope = scopeOf(config.inspect(key));
    // A folder-level value can only be changed through a configuration read for that folder.
    if (scope === "workspaceFolder") config = vscode.workspace.getConfiguration("ead", vscode.workspace.workspaceFolders?.[0]?.uri);
    const target = targetFor(scope);
    // The value that applies without the key (usually the default) removes the key rather than pinning it.
    const written = valueToWrite(value, config.inspect(key), scope === "default" ? "user" : scope);
    await config.update(key, written, target);
    this.log.info(`settings panel: ead.${key} = ${written === undefined ? "(removed: the inherited value applies)" : JSON.stringify(written)} in ${vscode.ConfigurationTarget[target]} settings`);
    this.notice = undefined;
    this.update();
  }

  private async calibrate(target: number): Promise<void> {
    const sequences = this.stats.entropySequences();
    if (sequences.length === 0) {
      this.notice = { kind: "info", text: "No completions yet this session: make a few, then calibrate on them." };
      this.update();
      return;
    }
    const result = calibrateThreshold(sequences, target, currentDecodeSettings());
    await this.write("threshold", result.threshold);
    const pct = (v: number) => `${Math.round(v * 1000) / 10}%`;
    this.notice = {
      kind: "info",
      text: `Threshold ${result.threshold} gives a ${pct(result.share)} large share on the last ${sequences.length} completions (target ${pct(target)}).`,
    };
    this.update();
  }

  dispose(): void {
    this.host.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
