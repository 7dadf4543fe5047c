// What the status bar item says: pure text from the engine state and the last suggestion displayed.

export type StatusState = "loading" | "ready" | "generating" | "error" | "off" | "noModels" | "unloaded";

export interface LastCompletion {
  latencyMs: number;
  /** Fraction of tokens written by the large model, 0..1. */
  largeShare: number;
  tokens: number;
  /** Decoding mode it was made with. */
  mode?: string;
  /** Under the large-share budget: its long-run target and the share over recent completions (0..1, NaN before any). */
  budget?: { target: number; runningShare: number };
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

const percent = (share: number) => `${Math.round(share * 100)}%`;

/**
 * `mode` is the configured decoding mode (ead.mode): the label shows it as soon as it changes; the last
 * suggestion's figures stay beside it only while they were made in that mode.
 */
export function statusView(state: StatusState, last: LastCompletion | undefined, detail?: string, remote?: RemoteBadge, mode?: string): StatusView {
  let text = `${ICONS[state]} EAD`;
  const current = last && (mode === undefined || last.mode === undefined || last.mode === mode) ? last : undefined;
  if (state === "off") text += " off";
  else if (state === "noModels") text += " no models";
  else if (state === "ready" || state === "generating") {
    const shownMode = mode ?? last?.mode;
    if (shownMode) text += ` ${shownMode}`;
    if (current) {
      text += `${shownMode ? " ·" : ""} ${Math.round(current.latencyMs)} ms · large ${percent(current.largeShare)}`;
      // One suggestion's share beside the long-run one the budget steers, so 71% against a 30% target reads right.
      if (current.budget && Number.isFinite(current.budget.runningShare)) text += ` (run ${percent(current.budget.runningShare)})`;
    }
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
  if (mode) lines.push(`Decoding mode: ${mode}`);
  if (last) {
    lines.push(
      `Last suggestion${last.mode ? ` (${last.mode} mode)` : ""}: ${Math.round(last.latencyMs)} ms${last.latencyMs > SLOW_MS ? " (slow)" : ""}, ${last.tokens} tokens, ` +
        `${percent(last.largeShare)} by the large model`,
    );
    if (last.budget) {
      const running = Number.isFinite(last.budget.runningShare) ? percent(last.budget.runningShare) : "not measured yet";
      lines.push(
        `Large-share budget: target ${percent(last.budget.target)} of the tokens over the long run, ${running} over recent suggestions. ` +
          "One suggestion can be mostly large where the code is hard; the threshold moves so the running share meets the target.",
      );
    }
  }
  lines.push("Click for the EAD menu: on/off, mode, settings, stats, model files.");
  return { text, tooltip: lines.join("\n"), error: state === "error" || state === "noModels" };
}
