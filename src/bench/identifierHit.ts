// Cross-file tasks name the identifier, defined in another file, that the answer starts with: a
// completion hits when the text the editor shows starts with that name in full (not a longer name
// that merely begins with it), which is what the context from other files is there to give.
const NAME_CHAR = /^[\p{L}\p{N}_$]/u;

export function startsWithIdentifier(shown: string, identifier: string): boolean {
  return shown.startsWith(identifier) && !NAME_CHAR.test(shown.slice(identifier.length));
}

/** Share of the given tasks' outputs that hit, over those whose task names an identifier; NaN when none does. */
export function identifierHitShare(outputs: readonly { identifierHit?: boolean }[], indices: readonly number[]): number {
  let hits = 0;
  let named = 0;
  for (const i of indices) {
    const hit = outputs[i].identifierHit;
    if (hit === undefined) continue;
    named++;
    if (hit) hits++;
  }
  return named ? hits / named : NaN;
}
