// `ead calibrate`: the threshold that gives a target large-model share on a task set.
import { writeFileSync } from "node:fs";
import { budgetStartOnTasks } from "../bench/budgetStart";
import { calibrateOnTasks } from "../bench/calibrate";
import { pairBudgetKey } from "../engine/budget/observe";
import { commonSettings, loadEngineArg, loadTasksArg, TASK_FLAGS } from "./bench";
import { numberArg } from "./args";
import type { Command, FlagValues } from "./command";

export const calibrateCommand: Command = {
  name: "calibrate",
  summary: "the EAD threshold that gives a target large-model share on a task set",
  flags: {
    "target-large-share": { value: "<0..1>", help: "share of tokens the large model should write (default 0.3)" },
    iterations: { value: "<n>", help: "search steps, 1..20 (default 7)" },
    ...TASK_FLAGS,
    limit: { value: "<n>", help: "use only the first n tasks (default 40)" },
    json: { help: "print the result as one JSON line" },
    "budget-out": {
      value: "<file>",
      help: "run the large-share budget controller over the tasks instead and write its state (keyed by model pair, window and top-K): a starting calibration",
    },
    threshold: { value: "<bits>", help: "with --budget-out: the threshold used until the controller has seen enough entropies (default 5.4)" },
  },
  run: runCalibrate,
};

async function runCalibrate(v: FlagValues): Promise<number> {
  const target = numberArg(v, "target-large-share", 0.3, { min: 0, max: 1 });
  const iterations = numberArg(v, "iterations", 7, { integer: true, min: 1, max: 20 });
  const settings = commonSettings(v);
  const tasks = await loadTasksArg({ ...v, limit: v.limit ?? "40" });
  const { engine, threads } = await loadEngineArg(v);
  try {
    if (v["budget-out"]) {
      const fallback = numberArg(v, "threshold", 5.4, { min: 0, max: 16 });
      const r = await budgetStartOnTasks(engine, tasks, target, settings, fallback);
      const key = pairBudgetKey(engine.info, settings.window, settings.topK);
      writeFileSync(v["budget-out"] as string, JSON.stringify({ [key]: r.state }) + "\n");
      console.log(`budget ${target}: large share ${r.largeShare.toFixed(3)} over ${tasks.length} tasks, effective threshold now ${r.threshold.toFixed(3)} bits; state for ${key} written to ${v["budget-out"]}`);
      return 0;
    }
    const result = await calibrateOnTasks(engine, tasks, target, settings, {
      iterations,
      onStep: (s) => !v.json && console.error(`threshold ${s.threshold.toFixed(3)} bits -> large share ${s.largeShare.toFixed(3)}`),
    });
    if (v.json) console.log(JSON.stringify({ ...result, tasks: tasks.length, window: settings.window, threads }));
    else console.log(`threshold ${result.threshold.toFixed(3)} bits gives a large share of ${result.largeShare.toFixed(3)} (target ${target}) on ${tasks.length} tasks; set "ead.threshold": ${result.threshold.toFixed(3)}`);
  } finally {
    await engine.dispose();
  }
  return 0;
}
