// `ead calibrate`: the threshold that gives a target large-model share on a task set.
import { calibrateOnTasks } from "../bench/calibrate";
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
  },
  run: runCalibrate,
};

async function runCalibrate(v: FlagValues): Promise<number> {
  const target = numberArg(v, "target-large-share", 0.3, { min: 0, max: 1 });
  const iterations = numberArg(v, "iterations", 7, { integer: true, min: 1, max: 20 });
  const settings = commonSettings(v);
  const tasks = await loadTasksArg({ ...v, limit: v.limit ?? "40" });
  const { engine } = await loadEngineArg(v);
  try {
    const result = await calibrateOnTasks(engine, tasks, target, settings, {
      iterations,
      onStep: (s) => !v.json && console.error(`threshold ${s.threshold.toFixed(3)} bits -> large share ${s.largeShare.toFixed(3)}`),
    });
    if (v.json) console.log(JSON.stringify({ ...result, tasks: tasks.length, window: settings.window }));
    else console.log(`threshold ${result.threshold.toFixed(3)} bits gives a large share of ${result.largeShare.toFixed(3)} (target ${target}) on ${tasks.length} tasks; set "ead.threshold": ${result.threshold.toFixed(3)}`);
  } finally {
    await engine.dispose();
  }
  return 0;
}
