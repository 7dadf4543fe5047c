// Fidelity figures of every configuration with 95 % paired-bootstrap intervals over tasks. A point run
// over several task orders is, on each draw, the mean of its figure over the orders, as its result is.
import { bootstrapDraws, includesZero, interval95, type Interval } from "./bootstrap";
import { gapClosed, taskAgreement, type Agreement } from "./fidelity";
import { identifierHitShare } from "./identifierHit";
import { sameVariant, type BenchConfig } from "./quality";
import { round } from "./stats";
import type { TaskOutput } from "./taskOutput";

export interface FidelityFigures {
  agreement: Agreement;
  gapClosed: number | null;
  ci95: {
    percentOfLarge: Interval;
    gapClosed: Interval;
    largeShare: Interval;
    agreementExact: Interval;
    agreementFirstLine: Interval;
    agreementEditSimilarity: Interval;
    editSimilarity: Interval;
    /** Only where tasks name an identifier. */
    identifierHit?: Interval;
  };
}

/** A statistic of one configuration over a draw of task indices. */
type Statistic = (indices: readonly number[]) => number;

interface Point {
  runs: TaskOutput[][];
  /** Agreement with large-only, per run and task. */
  agreement: Agreement[][];
  large: number;
  small: number;
}

export const FIGURES = ["percentOfLarge", "gapClosed", "largeShare", "agreementExact", "agreementFirstLine", "agreementEditSimilarity", "editSimilarity"] as const;
/** identifierHit is a figure only where tasks name an identifier (cross-file tasks). */
export type Figure = (typeof FIGURES)[number] | "identifierHit";

export class FidelityStatistics {
  private readonly points: (Point | undefined)[];
  readonly draws: number[][];
  readonly all: number[];

  /**
   * `runsOf(c)`: a configuration's runs (one per task order) of outputs by task. Each configuration is
   * compared with large-only and small-only of the same prompt layout and context (and bound); without them it has
   * no figures.
   */
  constructor(configs: readonly BenchConfig[], runsOf: (c: BenchConfig) => TaskOutput[][], taskCount: number, options: { resamples?: number; seed?: number } = {}) {
    const find = (mode: string, c: BenchConfig) =>
      configs.findIndex((o) => o.mode === mode && sameVariant(o, c) && runsOf(o).length > 0);
    this.points = configs.map((c) => {
      const large = find("large", c);
      const small = find("small", c);
      const runs = runsOf(c);
      if (large < 0 || small < 0 || runs.length === 0) return undefined;
      const largeRun = runsOf(configs[large])[0];
      return { runs, agreement: runs.map((run) => run.map((o, i) => taskAgreement(o.text, largeRun[i].text))), large, small };
    });
    this.all = Array.from({ length: taskCount }, (_, i) => i);
    this.draws = bootstrapDraws(taskCount, options.resamples, options.seed);
  }

  has(c: number): boolean {
    return this.points[c] !== undefined;
  }

  statistic(c: number, figure: Figure): Statistic {
    const p = this.points[c]!;
    const overRuns = (perRun: (run: number, indices: readonly number[]) => number): Statistic => (indices) =>
      p.runs.reduce((sum, _, k) => sum + perRun(k, indices), 0) / p.runs.length;
    const meanOf = (pick: (run: number, task: number) => number): Statistic =>
      overRuns((k, indices) => indices.reduce((s, i) => s + pick(k, i), 0) / indices.length);
    const sim = meanOf((k, i) => p.runs[k][i].similarity);
    const agreeSim = meanOf((k, i) => p.agreement[k][i].editSimilarity);
    switch (figure) {
      case "editSimilarity":
        return sim;
      case "percentOfLarge": {
        const large = this.statistic(p.large, "editSimilarity");
        return (indices) => (100 * sim(indices)) / large(indices);
      }
      case "largeShare":
        return overRuns((k, indices) => {
          let large = 0;
          let tokens = 0;
          for (const i of indices) {
            large += p.runs[k][i].largeTokens;
            tokens += p.runs[k][i].tokens;
          }
          return tokens ? large / tokens : NaN;
        });
      case "identifierHit":
        return overRuns((k, indices) => identifierHitShare(p.runs[k], indices));
      case "agreementExact":
        return meanOf((k, i) => p.agreement[k][i].exact);
      case "agreementFirstLine":
        return meanOf((k, i) => p.agreement[k][i].firstLine);
      case "agreementEditSimilarity":
        return agreeSim;
      case "gapClosed": {
        const small = this.statistic(p.small, "agreementEditSimilarity");
        return (indices) => gapClosed(agreeSim(indices), small(indices)) ?? NaN;
      }
    }
  }

  figures(c: number): FidelityFigures | undefined {
    if (!this.has(c)) return undefined;
    const point = (f: Figure) => this.statistic(c, f)(this.all);
    const ci = (f: Figure) => interval95(this.draws, this.statistic(c, f)).map((v) => round(v)) as Interval;
    const gap = point("gapClosed");
    const figures = this.namesIdentifiers() ? [...FIGURES, "identifierHit" as const] : FIGURES;
    return {
      agreement: { exact: round(point("agreementExact")), firstLine: round(point("agreementFirstLine")), editSimilarity: round(point("agreementEditSimilarity")) },
      gapClosed: Number.isFinite(gap) ? round(gap) : null,
      ci95: Object.fromEntries(figures.map((f) => [f, ci(f)])) as FidelityFigures["ci95"],
    };
  }

  /** Whether any task of the run names an identifier (its outputs then say whether they hit). */
  namesIdentifiers(): boolean {
    return this.points.some((p) => p?.runs.some((run) => run.some((o) => o.identifierHit !== undefined)));
  }

  /** Configuration a minus b on the same draws: the estimate, its interval, and whether 0 lies outside it. */
  difference(a: number, b: number, figure: Figure): { estimate: number; ci95: Interval; measurable: boolean } {
    const sa = this.statistic(a, figure);
    const sb = this.statistic(b, figure);
    const diff: Statistic = (indices) => sa(indices) - sb(indices);
    const ci95 = interval95(this.draws, diff).map((v) => round(v)) as Interval;
    return { estimate: round(diff(this.all)), ci95, measurable: !includesZero(ci95) };
  }
}
