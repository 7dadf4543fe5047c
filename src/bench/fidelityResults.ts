// What a bench run adds to results.json from its completions: per point its label, agreement with
// large-only, gapClosed and 95 % intervals; and, for --compare, the differences between two points.
import type { Interval } from "./bootstrap";
import { DEFAULT_BOOTSTRAP_SEED, DEFAULT_RESAMPLES } from "./bootstrap";
import type { Agreement } from "./fidelity";
import { FidelityStatistics, type Figure, type FidelityFigures } from "./intervals";
import type { OutputCollector } from "./outputs";
import type { BenchConfig, ModeResult } from "./quality";
import type { OrderedResult } from "./taskOrders";

export type FidelityModeResult = OrderedResult & {
  /** The point's label (outputs.jsonl's `config`, --compare's names). */
  label: string;
  agreement?: Agreement;
  gapClosed?: number | null;
  ci95?: FidelityFigures["ci95"];
};

export const COMPARED_FIGURES: { figure: Figure; name: string }[] = [
  { figure: "percentOfLarge", name: "% of large-only (points)" },
  { figure: "editSimilarity", name: "edit similarity to the reference" },
  { figure: "agreementEditSimilarity", name: "agreement: edit similarity to large-only" },
  { figure: "agreementFirstLine", name: "agreement: first line" },
  { figure: "agreementExact", name: "agreement: exact" },
  { figure: "gapClosed", name: "gap closed" },
  { figure: "largeShare", name: "large share" },
];

/** The compared figures of a run: identifier hits too where its tasks name identifiers. */
export function comparedFigures(stats: FidelityStatistics): { figure: Figure; name: string }[] {
  return stats.namesIdentifiers() ? [...COMPARED_FIGURES, { figure: "identifierHit", name: "identifier hit" }] : COMPARED_FIGURES;
}

export interface Comparison {
  a: string;
  b: string;
  /** a - b per figure. */
  differences: { figure: Figure; name: string; estimate: number; ci95: Interval; measurable: boolean }[];
}

export interface FidelityOptions {
  resamples?: number;
  seed?: number;
  compare?: [string, string];
}

export function withFidelity(
  configs: readonly BenchConfig[],
  labels: readonly string[],
  modes: readonly ModeResult[],
  collector: OutputCollector,
  options: FidelityOptions = {},
): { modes: FidelityModeResult[]; bootstrap: { resamples: number; seed: number }; comparison?: Comparison } {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const seed = options.seed ?? DEFAULT_BOOTSTRAP_SEED;
  const stats = new FidelityStatistics(configs, (c) => collector.of(c), collector.tasks.length, { resamples, seed });
  const out = modes.map((m, c) => {
    const f = stats.figures(c);
    return { ...m, label: labels[c], ...(f ? { agreement: f.agreement, gapClosed: f.gapClosed, ci95: f.ci95 } : {}) };
  });
  let comparison: Comparison | undefined;
  if (options.compare) {
    const [a, b] = options.compare.map((l) => labels.indexOf(l));
    if (stats.has(a) && stats.has(b)) {
      comparison = {
        a: labels[a],
        b: labels[b],
        differences: comparedFigures(stats).map(({ figure, name }) => ({ figure, name, ...stats.difference(a, b, figure) })),
      };
    }
  }
  return { modes: out, bootstrap: { resamples, seed }, ...(comparison ? { comparison } : {}) };
}
