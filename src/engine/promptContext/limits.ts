// How much of a prompt repository-level context may take. Pure numbers: the editor side reads them too.

/** Tokens the context block takes at most when a request names no `maxTokens`. */
export const DEFAULT_CONTEXT_MAX_TOKENS = 1024;

/** The largest `maxTokens` a setting or flag may ask for (the block keeps to its share of the budget anyway). */
export const MAX_CONTEXT_MAX_TOKENS = 8192;

/**
 * Share of the prompt budget the context block never exceeds, so the prefix and suffix always keep the
 * rest: they say most about what comes next.
 */
export const CONTEXT_BUDGET_SHARE = 0.5;

/**
 * No keystroke for this long counts as idle, ms: only then does the editor have the engine evaluate a
 * changed context ahead of the next request (the replay benchmark waits as long before its warm-ups).
 */
export const CONTEXT_IDLE_MS = 1000;

/** Repository name written when a request names none. */
export const DEFAULT_REPO_NAME = "project";

/** Current file's path written when a request names none. */
export const DEFAULT_FILE_PATH = "untitled";

/** llama-server's chunk separator (format_infill) for vocabularies without repo-level tokens. */
export const PLAIN_CHUNK_SEPARATOR = "\n\n--- snippet ---\n\n";

/** Tokens the block may take for a prompt budget of `budget` tokens. */
export function contextAllotment(maxTokens: number | undefined, budget: number): number {
  const asked = maxTokens === undefined || !Number.isFinite(maxTokens) ? DEFAULT_CONTEXT_MAX_TOKENS : Math.max(0, Math.floor(maxTokens));
  return Math.max(0, Math.min(asked, Math.floor(budget * CONTEXT_BUDGET_SHARE)));
}
