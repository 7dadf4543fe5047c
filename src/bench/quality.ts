// Quality against cost: every configuration on the same tasks in one process, interleaved so that
// machine drift hits all of them alike.
import { paramCost } from "../engine/cost";
import type { EadEngine } from "../engine/engine";
import type { DecodeMode, DecodeSettings, StabilityRule } from "../engine/types";
import { scoreCompletion } from "./scoring";
import { mean, round, summary } from "./stats";
import type { BenchTask } from "./tasks";

export interface BenchConfig {
  mode: DecodeMode;
  /** EAD threshold in bits (null for the other modes). */
  threshold: number | null;
  /** EAD stability rule (null for the other modes). */
  stability: StabilityRule | null;
}

export interface ModeResult {
  mode: DecodeMode;
  threshold: number | null;
  stability: StabilityRule | null;
  window: number;
  exactMatch: number;
  editSimilarity: number;
  largeShare: number;
  paramCost: number;
  msPerTask: { mean: number; p50: number; p95: number };
  /** Tokens each model evaluated, per task on average. */
  evaluated: { small: number; large: number };
  /** Switches per task on average. */
  switches: number;
  tokensPerTask: number;
  /** Speculative: share of drafted tokens the large model accepted. */
  acceptance?: number;
  /** EAD: mean length of runs of large-model tokens. */
  meanLargeRun?: number;
}

export interface BenchResults {
  tasks: number;
  modes: ModeResult[];
  settings: Omit<DecodeSettings, "mode" | "threshold" | "stability"> & { stabilities: StabilityRule[] };
  machine: { cpus: number; threads: number; node: string };
}

interface Acc {
  exact: number[];
  sim: number[];
  ms: number[];
  small: number;
  large: number;
  evalSmall: number;
  evalLarge: number;
  switches: number;
  drafted: number;
  accepted: number;
  largeRuns: number;
}

export function configsFor(modes: DecodeMode[], thresholds: number[], stabilities: StabilityRule[]): BenchConfig[] {
  const out: BenchConfig[] = [];
  for (const mode of modes) {
    if (mode !== "ead") out.push({ mode, threshold: null, stability: null });
    else for (const stability of stabilities) for (const threshold of thresholds) out.push({ mode, threshold, stability });
  }
  return out;
}

export function configLabel(c: Pick<BenchConfig, "mode" | "threshold" | "stability">, withStability: boolean): string {
  if (c.mode !== "ead") return c.mode;
  return `ead@${c.threshold}${withStability ? `/${c.stability}` : ""}`;
}

export async function runQualityBench(
  engine: EadEngine,
  tasks: BenchTask[],
  configs: BenchConfig[],
  base: Partial<DecodeSettings>,
  onProgress?: (done: number, total: number, label: string) => void,
): Promise<ModeResult[]> {
  const accs: Acc[] = configs.map(() => ({ exact: [], sim: [], ms: [], small: 0, large: 0, evalSmall: 0, evalLarge: 0, switches: 0, drafted: 0, accepted: 0, largeRuns: 0 }));
  const total = tasks.length * configs.length;
  let done = 0;
  for (const [i, task] of tasks.entries()) {
    for (let k = 0; k < configs.length; k++) {
      const c = (k + i) % configs.length; // rotate the order per task
      const config = configs[c];
      const settings: Partial<DecodeSettings> = {
        ...base,
        mode: config.mode,
        ...(config.threshold !== null ? { threshold: config.threshold } : {}),
        ...(config.stability !== null ? { stability: config.stability } : {}),
      };
      const result = await engine.complete({ prefix: task.prefix, suffix: task.suffix, settings });
      const score = scoreCompletion(result.text, task);
      const a = accs[c];
      const s = result.stats;
      a.exact.push(score.exact ? 1 : 0);
      a.sim.push(score.similarity);
      a.ms.push(s.ms.total);
      a.small += s.smallTokens;
      a.large += s.largeTokens;
      a.evalSmall += s.evaluated.small;
      a.evalLarge += s.evaluated.large;
      a.switches += s.switches;
      a.drafted += s.drafted;
      a.accepted += s.accepted;
      a.largeRuns += countRuns(result.tokens.map((t) => t.model));
      onProgress?.(++done, total, `${configLabel(config, true)} task ${i + 1}`);
    }
  }
  const n = tasks.length;
  return configs.map((config, c) => {
    const a = accs[c];
    const tokens = a.small + a.large;
    const fL = tokens ? a.large / tokens : config.mode === "small" ? 0 : 1;
    return {
      mode: config.mode,
      threshold: config.threshold,
      stability: config.stability,
      window: base.window ?? 0,
      exactMatch: round(mean(a.exact)),
      editSimilarity: round(mean(a.sim)),
      largeShare: round(fL),
      // The paper's parameter-weighted cost over all tokens of the run (1 = large-only).
      paramCost: round(paramCost(fL, engine.info.small.parameters, engine.info.large.parameters)),
      msPerTask: mapValues(summary(a.ms), (v) => round(v, 2)),
      evaluated: { small: round(a.evalSmall / n, 1), large: round(a.evalLarge / n, 1) },
      switches: round(a.switches / n, 3),
      tokensPerTask: round(tokens / n, 2),
      ...(config.mode === "speculative" ? { acceptance: round(a.drafted ? a.accepted / a.drafted : 0) } : {}),
      ...(config.mode === "ead" ? { meanLargeRun: round(a.largeRuns ? a.large / a.largeRuns : 0, 2) } : {}),
    };
  });
}

function countRuns(models: string[]): number {
  let runs = 0;
  models.forEach((m, i) => {
    if (m === "large" && (i === 0 || models[i - 1] !== "large")) runs++;
  });
  return runs;
}

function mapValues<T extends Record<string, number>>(o: T, f: (v: number) => number): T {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)])) as T;
}
