// Quality against cost: every configuration on the same tasks in one process, interleaved so that
// machine drift hits all of them alike.
import { DEFAULT_PROMPT_LAYOUT, type PromptLayout } from "../engine/fim";
import { paramCost } from "../engine/cost";
import type { EadEngine } from "../engine/engine";
import { BudgetController, type BudgetState } from "../engine/budget/controller";
import { observeCompletion } from "../engine/budget/observe";
import { DEFAULT_FIRST_POSITION, type DecodeMode, type DecodeSettings, type FirstPositionRule, type StabilityRule } from "../engine/types";
import type { TokenHealing } from "../engine/tokenHealing";
import { scoreCompletion } from "./scoring";
import { mean, round, summary } from "./stats";
import { hasContext, promptContext, type BenchTask } from "./tasks";
import { taskOutput, type TaskOutput } from "./taskOutput";
import type { Comparison } from "./fidelityResults";

export interface BenchConfig {
  mode: DecodeMode;
  /** EAD threshold in bits (null for the other modes). */
  threshold: number | null;
  /** EAD stability rule (null for the other modes). */
  stability: StabilityRule | null;
  /** EAD with the large-share budget: the target share (the threshold then comes from the controller). */
  target?: number | null;
  /** EAD rollback bound (0: off). */
  rollbackBound?: number;
  firstPosition?: FirstPositionRule;
  /** Prompt layout (fim.ts); the default when absent. */
  layout?: PromptLayout;
  /** Whether requests carry the tasks' context from other files; absent: with, where tasks carry it. */
  context?: BenchContext;
  /** With context: the most tokens the context block may take (the request's `maxTokens`); absent: the editor's default. */
  contextTokens?: number;
}

export const BENCH_CONTEXTS = ["with", "without"] as const;
export type BenchContext = (typeof BENCH_CONTEXTS)[number];

export interface BenchOptions {
  /** Starting state of every budget point's controller (each point has its own controller). */
  budgetStart?: BudgetState;
  /** Threshold a budget point uses until its controller has seen enough entropies. */
  fallbackThreshold?: number;
  /** Called with every completion, as the editor would show it (fidelity, bootstrap, outputs.jsonl). */
  onOutput?: (config: BenchConfig, task: BenchTask, output: TaskOutput) => void;
}

export interface ModeResult {
  mode: DecodeMode;
  threshold: number | null;
  stability: StabilityRule | null;
  /** Budget points: the target large share (the realised one is `largeShare`). */
  target: number | null;
  rollbackBound: number;
  firstPosition: FirstPositionRule;
  layout: PromptLayout;
  /** Whether the requests carried the tasks' context from other files. */
  context: BenchContext;
  /** With context: the block's token bound when the run set one (--context-tokens). */
  contextTokens?: number;
  /** Tasks that name an identifier: the share whose shown completion starts with it. */
  identifierHit?: number;
  /** Budget points: mean, first and last effective threshold over the tasks. */
  effectiveThreshold?: { mean: number; first: number; last: number };
  /** Rollbacks and rewritten (discarded small-model) tokens per task. */
  rollbacks: number;
  rewritten: number;
  /** Share of tasks whose first token the large model wrote. */
  firstLarge: number;
  /** Catch-up time per task, ms (includes asking the large model for its judgement of each token). */
  catchUpMs: number;
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
  /** Tasks that name an identifier (cross-file tasks): those behind `identifierHit`. */
  identifierTasks?: number;
  modes: ModeResult[];
  settings: Omit<DecodeSettings, "mode" | "threshold" | "stability"> & { stabilities: StabilityRule[]; tokenHealing?: TokenHealing };
  machine: { cpus: number; threads: number; node: string };
  /** With fidelity: the paired bootstrap behind every `ci95`, and --compare's differences. */
  bootstrap?: { resamples: number; seed: number };
  comparison?: Comparison;
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
  rollbacks: number;
  rewritten: number;
  firstLarge: number;
  catchUpMs: number;
  thresholds: number[];
  /** Per task that names an identifier: 1 when the shown completion starts with it. */
  hits: number[];
}

export function configsFor(modes: DecodeMode[], thresholds: number[], stabilities: StabilityRule[]): BenchConfig[] {
  const out: BenchConfig[] = [];
  for (const mode of modes) {
    if (mode !== "ead") out.push({ mode, threshold: null, stability: null });
    else for (const stability of stabilities) for (const threshold of thresholds) out.push({ mode, threshold, stability });
  }
  return out;
}

export function configLabel(c: BenchConfig, withStability: boolean): string {
  if (c.mode !== "ead") return `${c.mode}${variantLabel(c)}`;
  const at = c.target != null ? `budget ${c.target}` : `${c.threshold}`;
  const extras = `${c.rollbackBound ? `+rollback ${c.rollbackBound}` : ""}${firstPositionLabel(c.firstPosition)}`;
  return `ead@${at}${withStability ? `/${c.stability}` : ""}${extras}${variantLabel(c)}`;
}

/** A first-position rule other than the default, as a label names it (runs saved before a default changed keep their labels). */
function firstPositionLabel(rule: FirstPositionRule | undefined): string {
  if (!rule || rule === DEFAULT_FIRST_POSITION) return "";
  return rule === "skipped" ? "+skip first" : `+first ${rule}`;
}

// Layout and context, the choices crossed with every mode.
function variantLabel(c: BenchConfig): string {
  const layout = c.layout && c.layout !== DEFAULT_PROMPT_LAYOUT ? `+${c.layout} layout` : "";
  const tokens = c.contextTokens !== undefined && c.context !== "without" ? `${CONTEXT_TOKENS_LABEL}${c.contextTokens}` : "";
  return `${layout}${tokens}${c.context === "without" ? NO_CONTEXT_LABEL : ""}`;
}

/** What a label carries when its requests bound the context block: this, then the tokens. */
export const CONTEXT_TOKENS_LABEL = "+context ";

/** What a label ends with when its requests left the tasks' context out. */
export const NO_CONTEXT_LABEL = "+no context";

/** Crosses every point with each context choice (none given: the points as they are). */
export function crossContexts(configs: BenchConfig[], contexts: readonly BenchContext[]): BenchConfig[] {
  return contexts.length ? contexts.flatMap((context) => configs.map((c) => ({ ...c, context }))) : configs;
}

/** Crosses every point that carries context with each bound on the block's tokens (points without context stay once). */
export function crossContextTokens(configs: BenchConfig[], bounds: readonly number[]): BenchConfig[] {
  if (!bounds.length) return configs;
  return configs.flatMap((c) => (c.context === "without" ? [c] : bounds.map((contextTokens) => ({ ...c, contextTokens }))));
}

/** Whether two points ran the same prompt variant (layout, context and its bound): fidelity compares only those. */
export function sameVariant(a: BenchConfig, b: BenchConfig): boolean {
  return (a.layout ?? null) === (b.layout ?? null) && (a.context ?? null) === (b.context ?? null) && (a.contextTokens ?? null) === (b.contextTokens ?? null);
}

/** Crosses every point with each prompt layout. */
export function crossLayouts(configs: BenchConfig[], layouts: PromptLayout[]): BenchConfig[] {
  return layouts.length ? layouts.flatMap((layout) => configs.map((c) => ({ ...c, layout }))) : configs;
}

/** Crosses EAD points with rollback bounds and first-position rules (other modes are kept once). */
export function crossConfigs(configs: BenchConfig[], bounds: number[], firsts: FirstPositionRule[]): BenchConfig[] {
  const out: BenchConfig[] = [];
  for (const c of configs) {
    if (c.mode !== "ead") out.push(c);
    else for (const firstPosition of firsts) for (const rollbackBound of bounds) out.push({ ...c, rollbackBound, firstPosition });
  }
  return out;
}

export async function runQualityBench(
  engine: EadEngine,
  tasks: BenchTask[],
  configs: BenchConfig[],
  base: Partial<DecodeSettings>,
  onProgress?: (done: number, total: number, label: string) => void,
  options: BenchOptions = {},
): Promise<ModeResult[]> {
  const accs: Acc[] = configs.map(() => ({
    exact: [], sim: [], ms: [], small: 0, large: 0, evalSmall: 0, evalLarge: 0, switches: 0, drafted: 0, accepted: 0, largeRuns: 0,
    rollbacks: 0, rewritten: 0, firstLarge: 0, catchUpMs: 0, thresholds: [], hits: [],
  }));
  // Each budget point has its own controller, carried from task to task as in an editor session.
  const controllers = configs.map((c) => (c.mode === "ead" && c.target != null ? new BudgetController(c.target, options.budgetStart) : undefined));
  const fallback = options.fallbackThreshold ?? base.threshold ?? 5.4;
  const total = tasks.length * configs.length;
  let done = 0;
  for (const [i, task] of tasks.entries()) {
    for (let k = 0; k < configs.length; k++) {
      const c = (k + i) % configs.length; // rotate the order per task
      const config = configs[c];
      const controller = controllers[c];
      const threshold = controller ? controller.threshold(fallback) : config.threshold;
      const settings: Partial<DecodeSettings> = {
        ...base,
        mode: config.mode,
        ...(threshold !== null ? { threshold } : {}),
        ...(config.stability !== null ? { stability: config.stability } : {}),
        ...(config.rollbackBound !== undefined ? { rollbackBound: config.rollbackBound } : {}),
        ...(config.firstPosition !== undefined ? { firstPosition: config.firstPosition } : {}),
      };
      const context = config.context === "without" ? undefined : promptContext(task, config.contextTokens);
      const result = await engine.complete({ prefix: task.prefix, suffix: task.suffix, settings, layout: config.layout, ...(context ? { context } : {}) });
      if (controller) observeCompletion(controller, result);
      const score = scoreCompletion(result.text, task);
      options.onOutput?.(config, task, taskOutput(result, score));
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
      a.rollbacks += s.rollbacks ?? 0;
      a.rewritten += s.rewritten ?? 0;
      a.firstLarge += result.tokens[0]?.model === "large" ? 1 : 0;
      a.catchUpMs += s.ms.catchUp;
      if (controller && threshold !== null) a.thresholds.push(threshold);
      if (score.identifierHit !== undefined) a.hits.push(score.identifierHit ? 1 : 0);
      onProgress?.(++done, total, `${configLabel(config, true)} task ${i + 1}`);
    }
  }
  const n = tasks.length;
  const carried = tasks.some(hasContext);
  return configs.map((config, c) => {
    const a = accs[c];
    const tokens = a.small + a.large;
    const fL = tokens ? a.large / tokens : config.mode === "small" ? 0 : 1;
    return {
      mode: config.mode,
      threshold: config.threshold,
      stability: config.stability,
      target: config.target ?? null,
      rollbackBound: config.rollbackBound ?? base.rollbackBound ?? 0,
      firstPosition: config.firstPosition ?? base.firstPosition ?? DEFAULT_FIRST_POSITION,
      layout: config.layout ?? DEFAULT_PROMPT_LAYOUT,
      context: config.context ?? (carried ? "with" : "without"),
      ...(config.contextTokens !== undefined && config.context !== "without" ? { contextTokens: config.contextTokens } : {}),
      ...(a.hits.length ? { identifierHit: round(mean(a.hits)) } : {}),
      ...(a.thresholds.length
        ? { effectiveThreshold: { mean: round(mean(a.thresholds), 3), first: round(a.thresholds[0], 3), last: round(a.thresholds[a.thresholds.length - 1], 3) } }
        : {}),
      rollbacks: round(a.rollbacks / n, 3),
      rewritten: round(a.rewritten / n, 3),
      firstLarge: round(a.firstLarge / n, 3),
      catchUpMs: round(a.catchUpMs / n, 2),
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
