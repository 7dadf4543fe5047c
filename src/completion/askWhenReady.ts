// A keystroke made while the pair was loading got no suggestion (the provider declined it). Once the
// pair is ready, the editor is asked again if that request is still current: the same document at the
// same version, or an editor the user switched to a moment ago.

/** A request the provider declined because the pair was not ready. */
export interface DeclinedRequest {
  uri: string;
  version: number;
}

/** How recent an active-editor change must be to ask for a suggestion in that editor. */
export const RECENT_EDITOR_CHANGE_MS = 5000;

export function shouldAskWhenReady(
  declined: DeclinedRequest | undefined,
  active: DeclinedRequest | undefined,
  editorChangedAt: number | undefined,
  now: number,
  recentMs = RECENT_EDITOR_CHANGE_MS,
): boolean {
  if (!active) return false;
  if (declined && declined.uri === active.uri && declined.version === active.version) return true;
  return editorChangedAt !== undefined && now - editorChangedAt <= recentMs;
}
