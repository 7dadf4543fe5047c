// The pair became ready. A request made while it loaded waited for it (see the provider), but the
// user may have switched editors meanwhile without typing, so nothing asks there: ask for a
// suggestion in the active editor when it changed a moment ago.

/** How recent an active-editor change must be to ask for a suggestion in that editor. */
export const RECENT_EDITOR_CHANGE_MS = 5000;

export function shouldAskWhenReady(hasActiveEditor: boolean, editorChangedAt: number | undefined, now: number, recentMs = RECENT_EDITOR_CHANGE_MS): boolean {
  return hasActiveEditor && editorChangedAt !== undefined && now - editorChangedAt <= recentMs;
}
