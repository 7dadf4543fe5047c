// The team server's state as it may be shown or written out: URL, up or down and why, the served
// model and the round trip. (The API key is never part of the state.)
import type { RemoteLaneState } from "./remoteLane";

export function publicRemoteState(state: RemoteLaneState) {
  return {
    url: state.url,
    up: state.up,
    ...(state.reason ? { reason: state.reason } : {}),
    ...(state.model ? { model: state.model.name, vocabularySize: state.model.vocabularySize, slots: state.model.slots } : {}),
    ...(state.roundTripMs !== undefined ? { roundTripMs: Math.round(state.roundTripMs * 10) / 10 } : {}),
  };
}
