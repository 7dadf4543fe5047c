// The paper's parameter-weighted cost of a completion: each token costs its writer's parameter count,
// relative to the large model (1 = large-only, small/large = small-only).

/** Cost of tokens of which a share `largeShare` (0..1) the large model wrote. */
export function paramCost(largeShare: number, smallParams: number, largeParams: number): number {
  return largeShare + (1 - largeShare) * (smallParams / largeParams);
}
