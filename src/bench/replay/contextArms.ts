// The replay's two arms, named as the bench names them (`--context with,without`): sessions played with
// the context the editor gathers, and without any. Both arms of a mode run in one replay, session by
// session, so their ratio compares runs under the same machine load.
export const CONTEXT_ARMS = ["with", "without"] as const;
export type ContextArm = (typeof CONTEXT_ARMS)[number];

export function isContextArm(value: string): value is ContextArm {
  return (CONTEXT_ARMS as readonly string[]).includes(value);
}

/** The name of a mode's results: the mode alone with one arm, "<mode>-<arm>" with both. */
export function armLabel(mode: string, arm: ContextArm, arms: readonly ContextArm[]): string {
  return arms.length > 1 ? `${mode}-${arm}` : mode;
}

/**
 * The order session `index` plays the arms in: alternating, so neither arm always finds the engine's
 * cache as the other left it, nor always runs first after a slow session.
 */
export function armOrder(arms: readonly ContextArm[], index: number): ContextArm[] {
  return index % 2 === 0 ? [...arms] : [...arms].reverse();
}
