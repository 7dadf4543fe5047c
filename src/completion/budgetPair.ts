// The pair as the budget and the cost figure know it. A large model on a team server is known by its
// URL and the served model's parameter count, which the engine learns only once the server answers:
// a server that was down at load is known after it recovers (the engine's state updates say so). Until
// then the pair is unknown to the budget, rather than keyed with a count of 0 (which split the learned
// budget between loads) and costed as if both models were the same size.
import type { EngineInfo } from "../engine/engine";
import type { PairInfo } from "./budgetKeeper";

type Info = Pick<EngineInfo, "small" | "large" | "placement" | "remote">;

/** Names and parameter counts identifying the loaded pair; undefined while the served model is not known. */
export function budgetPair(info: Info | undefined): PairInfo | undefined {
  if (!info) return undefined;
  const small = { name: info.small.name, parameters: info.small.parameters };
  if (info.placement.large !== "remote") return { small, large: { name: info.large.name, parameters: info.large.parameters } };
  const parameters = info.remote?.model?.parameters || info.large.parameters;
  if (!parameters) return undefined;
  return { small, large: { name: info.large.name, parameters } };
}

/** Parameter counts for the cost figure; undefined while the served model is not known (the engine's own figure stands). */
export function pairParameters(info: Info | undefined): { small: number; large: number } | undefined {
  const pair = budgetPair(info);
  return pair && { small: pair.small.parameters, large: pair.large.parameters };
}
