// Feeding a finished completion to a budget controller, and the key its state is kept under.
import { leadingOutOfWindow, type CompletionResult } from "../types";
import type { BudgetController } from "./controller";

/** Budget states are kept per model pair and per setting that shapes the rolling means. */
export function budgetKey(smallModel: string, largeModel: string, window: number, topK: number): string {
  return `${smallModel}|${largeModel}|w${window}|k${topK}`;
}

/** The key for a loaded pair: file names and parameter counts. */
export function pairBudgetKey(
  info: { small: { name: string; parameters: number }; large: { name: string; parameters: number } },
  window: number,
  topK: number,
): string {
  return budgetKey(`${info.small.name}:${info.small.parameters}`, `${info.large.name}:${info.large.parameters}`, window, topK);
}

/** Records an `ead` completion (other modes say nothing about the switching and are ignored). */
export function observeCompletion(controller: BudgetController, result: Pick<CompletionResult, "tokens" | "settings" | "stats">): void {
  if (result.settings.mode !== "ead") return;
  // A first position (or word) kept out of the window never entered a decision (its writer still counts in the share).
  const tokens = result.tokens.slice(leadingOutOfWindow(result.settings.firstPosition, result.tokens));
  controller.observe(
    tokens.map((t) => t.rolling),
    result.stats.largeTokens,
    result.stats.smallTokens + result.stats.largeTokens,
    result.settings.threshold,
  );
}
