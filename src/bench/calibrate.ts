// Finds the EAD threshold that gives a target large-model share on a task set, by bisection on real
// runs (the share falls as the threshold rises).
import type { EadEngine } from "../engine/engine";
import type { DecodeSettings } from "../engine/types";
import type { BenchTask } from "./tasks";

export interface CalibrationStep {
  threshold: number;
  largeShare: number;
}

export interface Calibration {
  threshold: number;
  largeShare: number;
  target: number;
  steps: CalibrationStep[];
}

export async function largeShareAt(engine: EadEngine, tasks: BenchTask[], settings: Partial<DecodeSettings>): Promise<number> {
  let large = 0;
  let total = 0;
  for (const task of tasks) {
    const r = await engine.complete({ prefix: task.prefix, suffix: task.suffix, settings: { ...settings, mode: "ead" } });
    large += r.stats.largeTokens;
    total += r.tokens.length;
  }
  return total ? large / total : 0;
}

export async function calibrateOnTasks(
  engine: EadEngine,
  tasks: BenchTask[],
  target: number,
  settings: Partial<DecodeSettings>,
  options: { low?: number; high?: number; iterations?: number; onStep?: (step: CalibrationStep) => void } = {},
): Promise<Calibration> {
  let low = options.low ?? 0;
  let high = options.high ?? 12;
  const steps: CalibrationStep[] = [];
  const measure = async (threshold: number) => {
    const step = { threshold, largeShare: await largeShareAt(engine, tasks, { ...settings, threshold }) };
    steps.push(step);
    options.onStep?.(step);
    return step;
  };
  for (let i = 0; i < (options.iterations ?? 7); i++) {
    const mid = (low + high) / 2;
    const { largeShare } = await measure(mid);
    if (largeShare > target) low = mid;
    else high = mid;
  }
  const best = steps.reduce((a, b) => (Math.abs(b.largeShare - target) < Math.abs(a.largeShare - target) ? b : a));
  return { threshold: best.threshold, largeShare: best.largeShare, target, steps };
}
