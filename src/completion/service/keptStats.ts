// The stats of an early-stopped completion: the engine's evaluated counts and phase times stay, the
// token counts and the cost are those of the tokens kept before the stop.
import { paramCost } from "../../engine/cost";
import type { CompletionStats, TokenEvent } from "../../engine/types";
import type { PairParams } from "./types";

export function keptTokenStats(stats: CompletionStats, tokens: TokenEvent[], params: PairParams | undefined): CompletionStats {
  const large = tokens.filter((t) => t.model === "large").length;
  const small = tokens.length - large;
  let switches = 0;
  for (let i = 1; i < tokens.length; i++) if (tokens[i].model !== tokens[i - 1].model) switches++;
  const fL = tokens.length ? large / tokens.length : 0;
  const cost = params && params.large > 0 ? paramCost(fL, params.small, params.large) : stats.paramCost;
  return { ...stats, smallTokens: small, largeTokens: large, switches, paramCost: cost, stopReason: "stopped" };
}
