// `ead calibrate`: the threshold that gives a target large-model share on a task set.
import { calibrateOnTasks } from "../bench/calibrate";
import { commonSettings, loadEngineArg, loadTasksArg, TASK_OPTIONS } from "./bench";
import { numberArg, parse } from "./args";

export const CALIBRATE_USAGE = `ead calibrate --target-large-share <0..1> [--tasks <jsonl>] [--limit <n>] [--window <n>]
  [--iterations <n>] [--threads <n>] [--max-tokens <n>] [--small <gguf>] [--large <gguf>] [--json]`;

export async function runCalibrate(argv: string[]): Promise<number> {
  const v = parse(argv, { ...TASK_OPTIONS, "target-large-share": { type: "string" }, iterations: { type: "string" }, json: { type: "boolean" } });
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
