// What the status bar item's menu offers (as Copilot's status item does): turn completions on or off,
// pick the decoding mode, open the settings panel or the stats, select model files. Pure: the
// QuickPick that shows it is statusMenu.ts.
import type { DecodeMode } from "../engine/types";

export interface MenuItem {
  label: string;
  description?: string;
  /** Command to run when picked, with its arguments. */
  command: string;
  args?: unknown[];
}

export const MODE_LABELS: Record<DecodeMode, string> = {
  ead: "EAD: small model while it is sure, large model when it is not",
  small: "small model only (fastest)",
  large: "large model only (best quality)",
  speculative: "speculative: small model drafts, large model verifies",
};

export const SET_MODE_COMMAND = "ead.internal.setMode";

export function statusMenuItems(state: { enabled: boolean; mode: DecodeMode }): MenuItem[] {
  return [
    state.enabled
      ? { label: "$(circle-slash) Turn inline completions off", command: "ead.toggle" }
      : { label: "$(check) Turn inline completions on", command: "ead.toggle" },
    { label: `$(symbol-enum) Decoding mode: ${state.mode}`, description: "change…", command: SET_MODE_COMMAND },
    { label: "$(settings-gear) Open settings panel", command: "ead.openSettings" },
    { label: "$(graph) Show switch stats", command: "ead.showStats" },
    { label: "$(file-binary) Select model files…", command: "ead.selectModels" },
  ];
}

/** The mode picker's entries in a fixed order (a list that reorders itself moves under the pointer), the current one marked. */
export function modeItems(current: DecodeMode, modes: readonly DecodeMode[]): MenuItem[] {
  return modes.map((m) => ({
    label: `${m === current ? "$(check) " : ""}${m}`,
    description: MODE_LABELS[m],
    command: SET_MODE_COMMAND,
    args: [m],
  }));
}
