// A starting state for the budget controller on a task set: EAD completions one after another with the
// controller setting the threshold, as in an editor session; the state at the end seeds new sessions.
import type { EadEngine } from "../engine/engine";
import { BudgetController, type BudgetState } from "../engine/budget/controller";
import { observeCompletion } from "../engine/budget/observe";
import type { DecodeSettings } from "../engine/types";
import type { BenchTask } from "./tasks";

export interface BudgetStartResult {
  state: BudgetState;
  /** Large share over all tasks, and the effective threshold at the end. */
  largeShare: number;
  threshold: number;
}

export async function budgetStartOnTasks(
  engine: EadEngine,
  tasks: BenchTask[],
  target: number,
  settings: Partial<DecodeSettings>,
  fallbackThreshold: number,
): Promise<BudgetStartResult> {
  const controller = new BudgetController(target);
  let large = 0;
  let total = 0;
  for (const task of tasks) {
    const threshold = controller.threshold(fallbackThreshold);
    const r = await engine.complete({ prefix: task.prefix, suffix: task.suffix, settings: { ...settings, mode: "ead", threshold } });
    observeCompletion(controller, r);
    large += r.stats.largeTokens;
    total += r.stats.largeTokens + r.stats.smallTokens;
  }
  return { state: controller.toJSON(), largeShare: total ? large / total : 0, threshold: controller.threshold(fallbackThreshold) };
}
