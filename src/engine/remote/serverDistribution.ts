// The server's top-K log-probabilities as a distribution. llama-server writes a candidate whose
// probability underflowed as -FLT_MAX (-3.4e38) rather than -Infinity; when every candidate is such a
// number, exponentiating them gives 0 / 0. The largest log-probability is subtracted first (a softmax's
// usual shift), and a list with no candidate above the floor is an unknown distribution, as a withheld
// position's is.

/** Below this a log-probability is the server's zero: no float32 probability is under e^-104. */
const NO_MASS = -1e4;

/**
 * `top`'s candidates renormalised over themselves, most probable first, or undefined when none of them
 * carries any probability.
 */
export function serverDistribution(top: readonly { id: number; logprob: number }[]): Map<number, number> | undefined {
  const live = top.filter((t) => Number.isFinite(t.logprob) && t.logprob > NO_MASS);
  if (live.length === 0) return undefined;
  const max = Math.max(...live.map((t) => t.logprob));
  let total = 0;
  for (const t of live) total += Math.exp(t.logprob - max);
  const sorted = [...live].sort((a, b) => b.logprob - a.logprob);
  return new Map(sorted.map((t) => [t.id, Math.exp(t.logprob - max) / total] as const));
}
