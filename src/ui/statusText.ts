// What the status bar item says: pure text from the engine state and the last suggestion displayed.

export type StatusState = "loading" | "ready" | "generating" | "error" | "off" | "noModels" | "unloaded";

export interface LastCompletion {
  latencyMs: number;
  /** Fraction of tokens written by the large model, 0..1. */
  largeShare: number;
  tokens: number;
  /** Decoding mode it was made with. */
  mode?: string;
}

/** The team server (ead.largeServer), when the large model runs there: up or down, and its line. */
export interface RemoteBadge {
  up: boolean;
  /** What the tooltip says about it (teamServerText.ts). */
  line: string;
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

export function statusView(state: StatusState, last: LastCompletion | undefined, detail?: string, remote?: RemoteBadge): StatusView {
  let text = `${ICONS[state]} EAD`;
  if (state === "off") text += " off";
  else if (state === "noModels") text += " no models";
  else if (last && (state === "ready" || state === "generating")) {
    text += ` ${last.mode ? `${last.mode} · ` : ""}${Math.round(last.latencyMs)} ms · large ${Math.round(last.largeShare * 100)}%`;
  }
  // While the team server is down the small model writes alone: visible without opening the tooltip.
  if (remote && !remote.up && (state === "ready" || state === "generating")) text += " · server down";
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
  if (remote) lines.push(remote.line);
  if (last) {
    lines.push(
      `Last suggestion${last.mode ? ` (${last.mode} mode)` : ""}: ${Math.round(last.latencyMs)} ms${last.latencyMs > SLOW_MS ? " (slow)" : ""}, ${last.tokens} tokens, ` +
        `${Math.round(last.largeShare * 100)}% by the large model`,
    );
  }
  lines.push("Click for the EAD menu: on/off, mode, settings, stats, model files.");
  return { text, tooltip: lines.join("\n"), error: state === "error" || state === "noModels" };
}
