// What the status bar, the stats view, the log and the notifications say about the team server
// (ead.largeServer): its URL, the served model, up or down and why, and the round trip. Pure text from
// the engine's RemoteLaneState, which never holds the API key.
import type { RemoteLaneState } from "../engine/remote/remoteLane";

/** "38 ms", "1.2 s". */
function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** The served model in a few words: "large.gguf, 4 slots of 4,096 tokens". */
function servedModel(state: RemoteLaneState): string | undefined {
  const m = state.model;
  if (!m) return undefined;
  const slots = `${m.slots} slot${m.slots === 1 ? "" : "s"}`;
  return m.slotContextSize ? `${m.name}, ${slots} of ${m.slotContextSize.toLocaleString("en-US")} tokens` : `${m.name}, ${slots}`;
}

/**
 * One line for the status bar tooltip and the stats view:
 * "Large model on the team server http://gpu-box:8012 (large.gguf, 4 slots of 4,096 tokens): up, round trip 38 ms".
 */
export function teamServerLine(state: RemoteLaneState): string {
  const model = servedModel(state);
  const head = `Large model on the team server ${state.url}${model ? ` (${model})` : ""}`;
  if (state.up) return `${head}: up${state.roundTripMs !== undefined ? `, round trip ${duration(state.roundTripMs)}` : ""}`;
  return `${head}: down, ${state.reason ?? "no answer"}; the small model writes meanwhile`;
}

/** The log's line for a state: every field, for someone reading it later. */
export function teamServerLogLine(state: RemoteLaneState): string {
  const m = state.model;
  const parts = [
    `url=${state.url}`,
    `state=${state.up ? "up" : "down"}`,
    ...(state.reason && !state.up ? [`reason=${JSON.stringify(state.reason)}`] : []),
    ...(m ? [`model=${m.name}`, `vocabulary=${m.vocabularySize}`, `slots=${m.slots}`, `slotContext=${m.slotContextSize}`, `parameters=${m.parameters}`] : []),
    ...(state.roundTripMs !== undefined ? [`roundTrip=${state.roundTripMs.toFixed(1)}ms`] : []),
  ];
  return `team server: ${parts.join(" ")}`;
}

/** The one notification of an outage. */
export function outageMessage(state: RemoteLaneState): string {
  return `EAD: the team server ${state.url} cannot be used: ${state.reason ?? "it does not answer"}. The small model writes meanwhile; the server is tried again in the background.`;
}

/** What the status bar says for a few seconds when the server is back. */
export function recoveryMessage(state: RemoteLaneState): string {
  return `EAD: the team server ${state.url} is back; the large model writes again`;
}
