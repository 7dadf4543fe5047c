// The status bar item: what the completion engine is doing, and how the last completion went
// (latency and the share of tokens the large model wrote). Clicking it opens the stats.
import * as vscode from "vscode";

export type StatusState = "loading" | "ready" | "generating" | "error" | "off" | "noModels" | "unloaded";

export interface LastCompletion {
  latencyMs: number;
  /** Fraction of tokens written by the large model, 0..1. */
  largeShare: number;
  tokens: number;
}

export interface StatusView {
  text: string;
  tooltip: string;
  error: boolean;
}

const ICONS: Record<StatusState, string> = {
  loading: "$(loading~spin)",
  ready: "$(sparkle)",
  generating: "$(sync~spin)",
  error: "$(error)",
  off: "$(circle-slash)",
  noModels: "$(warning)",
  unloaded: "$(circle-large-outline)",
};

/** Latency above this is called out as slow in the tooltip (a suggestion should come well under 1 s). */
export const SLOW_MS = 1000;

export function statusView(state: StatusState, last: LastCompletion | undefined, detail?: string): StatusView {
  let text = `${ICONS[state]} EAD`;
  if (state === "off") text += " off";
  else if (state === "noModels") text += " no models";
  else if (last && (state === "ready" || state === "generating")) {
    text += ` ${Math.round(last.latencyMs)} ms · L ${Math.round(last.largeShare * 100)}%`;
  }
  const lines = [
    {
      loading: "EAD Complete: loading the model pair…",
      ready: "EAD Complete: ready",
      generating: "EAD Complete: generating a suggestion…",
      error: "EAD Complete: error",
      off: "EAD Complete: inline completions are off (EAD: Toggle inline completions)",
      noModels: "EAD Complete: no usable model pair (EAD: Select model files / Download recommended models)",
      unloaded: "EAD Complete: the model pair is not in memory; it loads on the next suggestion request (see ead.idleUnloadMinutes)",
    }[state],
  ];
  if (detail) lines.push(detail);
  if (last) {
    lines.push(
      `Last suggestion: ${Math.round(last.latencyMs)} ms${last.latencyMs > SLOW_MS ? " (slow)" : ""}, ${last.tokens} tokens, ` +
        `${Math.round(last.largeShare * 100)}% by the large model`,
    );
  }
  lines.push("Click for switch stats.");
  return { text, tooltip: lines.join("\n"), error: state === "error" || state === "noModels" };
}

export class EadStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private stateValue: StatusState = "loading";
  private detail: string | undefined;
  private lastValue: LastCompletion | undefined;

  constructor() {
    this.item = vscode.window.createStatusBarItem("ead.status", vscode.StatusBarAlignment.Right, 100);
    this.item.name = "EAD Complete";
    this.item.command = "ead.showStats";
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

  set(state: StatusState, detail?: string): void {
    this.stateValue = state;
    this.detail = detail;
    this.render();
  }

  setLast(last: LastCompletion): void {
    this.lastValue = last;
    this.render();
  }

  private render(): void {
    const view = statusView(this.stateValue, this.lastValue, this.detail);
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.backgroundColor = view.error ? new vscode.ThemeColor("statusBarItem.errorBackground") : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
