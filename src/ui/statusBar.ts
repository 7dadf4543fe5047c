// The status bar item: what the completion engine is doing, and how the last completion went
// (its mode, latency and the share of tokens the large model wrote). Clicking it opens a menu
// (statusMenu.ts).
import * as vscode from "vscode";
import type { EngineInfo } from "../engine/engine";
import { deviceLabel } from "../engine/placement";
import { STATUS_MENU_COMMAND } from "./statusMenu";
import { statusView, type LastCompletion, type RemoteBadge, type StatusState } from "./statusText";

export { SLOW_MS, statusView, type LastCompletion, type RemoteBadge, type StatusState, type StatusView } from "./statusText";

/** Where each model runs, for the tooltip (and the log): "Small model on CPU, large model on GPU (cuda)". */
export function whereModelsRun(info: Pick<EngineInfo, "placement" | "gpu">): string {
  return `Small model on ${deviceLabel(info.placement.small, info.gpu)}, large model on ${deviceLabel(info.placement.large, info.gpu)}`;
}

export class EadStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private stateValue: StatusState = "loading";
  private detail: string | undefined;
  private lastValue: LastCompletion | undefined;
  private remote: RemoteBadge | undefined;
  private mode = configuredMode();
  private readonly configListener: vscode.Disposable;

  constructor() {
    this.item = vscode.window.createStatusBarItem("ead.status", vscode.StatusBarAlignment.Right, 100);
    this.item.name = "EAD Complete";
    this.item.command = STATUS_MENU_COMMAND;
    // A mode change shows at once, not with the next suggestion.
    this.configListener = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration("ead.mode")) return;
      this.mode = configuredMode();
      this.render();
    });
    this.render();
    this.item.show();
  }

  get state(): StatusState {
    return this.stateValue;
  }

  get text(): string {
    return this.item.text;
  }

  get last(): LastCompletion | undefined {
    return this.lastValue;
  }

  get tooltip(): string {
    return typeof this.item.tooltip === "string" ? this.item.tooltip : (this.item.tooltip?.value ?? "");
  }

  set(state: StatusState, detail?: string): void {
    this.stateValue = state;
    this.detail = detail;
    this.render();
  }

  setLast(last: LastCompletion): void {
    this.lastValue = last;
    this.render();
  }

  /** The team server's state (undefined: the large model runs here). */
  setRemote(remote: RemoteBadge | undefined): void {
    this.remote = remote;
    this.render();
  }

  private render(): void {
    const view = statusView(this.stateValue, this.lastValue, this.detail, this.remote, this.mode);
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.backgroundColor = view.error ? new vscode.ThemeColor("statusBarItem.errorBackground") : undefined;
  }

  dispose(): void {
    this.configListener.dispose();
    this.item.dispose();
  }
}

function configuredMode(): string {
  return vscode.workspace.getConfiguration("ead").get<string>("mode", "ead");
}
