// KV reuse when the prompt's front is cut further: the prefix is cut in steps (fim.ts cutPrefix, the
// editor's character window), so as a file grows past the budget the prompt loses its first few hundred
// tokens and every cached token after them would sit one step too far right. Instead of evaluating the
// whole prompt again, the dropped range is erased from the cache and the rest shifted left onto the new
// positions, as llama-server's --cache-reuse does (llama.cpp re-rotates the shifted keys; the values are
// those computed with the dropped tokens still in view, an approximation llama.vscode users live with).

/** Shortest run of cached tokens worth keeping by a shift (llama-server's --cache-reuse as llama.vscode runs it). */
export const SHIFT_REUSE_MIN_TOKENS = 256;

/**
 * The range of `cached` to erase so that, shifted left, the cache matches `target` for at least `min`
 * more tokens after their common prefix (`common` tokens): the tokens the target no longer has before
 * the rest of the cached prompt. Undefined when there is no such run.
 */
export function frontDrop(cached: readonly number[], target: readonly number[], common: number, min = SHIFT_REUSE_MIN_TOKENS): { start: number; end: number } | undefined {
  // Position 0 stays (erasing it makes node-llama-cpp drop and rebuild the whole sequence).
  if (common < 1 || common >= target.length || target.length - common < min) return undefined;
  const first = target[common];
  for (let d = common + 1; d + min <= cached.length; d++) {
    if (cached[d] !== first) continue;
    let n = 1;
    while (n < min && cached[d + n] === target[common + n]) n++;
    if (n >= min) return { start: common, end: d };
  }
  return undefined;
}
