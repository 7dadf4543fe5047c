// One threshold story: every view names the threshold the next `ead` completion uses. Under the budget
// that is its effective threshold (the settings panel's figure), never the fixed ead.threshold it stands
// in for. Pure: no vscode import.
import type { BudgetSnapshot } from "../../completion/budgetKeeper";
import type { DecodeSettings } from "../../engine/types";

/** The threshold in force, and the budget's target when the budget chose it (null under a fixed threshold). */
export function thresholdInForce(settings: Pick<DecodeSettings, "threshold">, budget: BudgetSnapshot | undefined): { value: number; budgetTarget: number | null } {
  if (budget?.switching === "budget" && budget.effectiveThreshold !== undefined) return { value: budget.effectiveThreshold, budgetTarget: budget.target };
  return { value: settings.threshold, budgetTarget: null };
}
