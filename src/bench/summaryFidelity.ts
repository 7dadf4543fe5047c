// summary.md's fidelity part: agreement with large-only and the gap closed per point, with 95 %
// intervals, and --compare's differences.
import type { Interval } from "./bootstrap";
import type { FidelityModeResult } from "./fidelityResults";
import type { BenchResults, ModeResult } from "./quality";

export const formatInterval = ([lo, hi]: Interval, digits = 3, scale = 1) => `[${(lo * scale).toFixed(digits)}, ${(hi * scale).toFixed(digits)}]`;

/** The large-only point a point's ratios are taken against: the one of its own layout and context, as its intervals are. */
export function largeFor<T extends ModeResult>(modes: readonly T[], m: ModeResult): T | undefined {
  return modes.find((o) => o.mode === "large" && o.layout === m.layout && o.context === m.context && o.contextTokens === m.contextTokens) ?? modes.find((o) => o.mode === "large");
}

export function fidelityMarkdown(results: BenchResults): string[] {
  const modes = results.modes as FidelityModeResult[];
  const withFidelity = modes.filter((m) => m.agreement && m.ci95);
  if (!withFidelity.length || !results.bootstrap) return [];
  const { resamples, seed } = results.bootstrap;
  const lines = [
    ``,
    `## Fidelity to large-only`,
    ``,
    `Against large-only's shown text for the same task in this run. Gap closed: (agreement - small-only's) / (1 - small-only's), on edit similarity to large-only. Brackets: 95 % intervals, paired bootstrap over the ${results.tasks} tasks (${resamples} resamples, seed ${seed}); a point run over several task orders is the mean over its orders on every resample, and the spread over the orders is shown beside it.`,
    ``,
    `| point | % of large-only | agreement exact | agreement first line | edit similarity to large-only | gap closed | large share | over the task orders: % of large-only; large share |`,
    `|---|---|---|---|---|---|---|---|`,
  ];
  for (const m of withFidelity) {
    const large = largeFor(modes, m);
    const a = m.agreement!;
    const ci = m.ci95!;
    const pct = large?.editSimilarity ? `${((100 * m.editSimilarity) / large.editSimilarity).toFixed(1)} % ${formatInterval(ci.percentOfLarge, 1)}` : "n/a";
    const spread = m.orders && large?.editSimilarity
      ? `${((100 * m.orders.editSimilarity.min) / large.editSimilarity).toFixed(1)}-${((100 * m.orders.editSimilarity.max) / large.editSimilarity).toFixed(1)} %; ${m.orders.largeShare.min.toFixed(3)}-${m.orders.largeShare.max.toFixed(3)} (${m.orders.count} orders)`
      : "";
    lines.push(
      `| ${m.label} | ${pct} | ${a.exact.toFixed(3)} ${formatInterval(ci.agreementExact)} | ${a.firstLine.toFixed(3)} ${formatInterval(ci.agreementFirstLine)} | ${a.editSimilarity.toFixed(3)} ${formatInterval(ci.agreementEditSimilarity)} | ${m.gapClosed == null ? "n/a" : `${m.gapClosed.toFixed(3)} ${formatInterval(ci.gapClosed)}`} | ${m.largeShare.toFixed(3)} ${formatInterval(ci.largeShare)} | ${spread} |`,
    );
  }
  const c = results.comparison;
  if (c) {
    lines.push(``, `## ${c.a} minus ${c.b}`, ``, `Paired over the same tasks and resamples.`, ``, `| figure | difference | 95 % interval | reading |`, `|---|---|---|---|`);
    for (const d of c.differences) {
      const digits = d.figure === "percentOfLarge" ? 2 : 4;
      const reading = d.measurable ? (d.estimate > 0 ? `${c.a} higher` : `${c.b} higher`) : "no measurable difference";
      lines.push(`| ${d.name} | ${d.estimate >= 0 ? "+" : ""}${d.estimate.toFixed(digits)} | ${formatInterval(d.ci95, digits)} | ${reading} |`);
    }
  }
  return lines;
}
