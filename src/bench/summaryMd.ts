// summary.md: the results as a table with ratios to large-only.
import { DEFAULT_PROMPT_LAYOUT } from "../engine/fim";
import type { BenchResults } from "./quality";
import type { OrderedResult } from "./taskOrders";
import type { FidelityModeResult } from "./fidelityResults";
import { fidelityMarkdown, formatInterval, largeFor } from "./summaryFidelity";

export function summaryMarkdown(results: BenchResults, command: string): string {
  const ratio = (v: number, base: number | undefined) => (base ? `${((100 * v) / base).toFixed(1)} %` : "n/a");
  // Runs on tasks with context from other files add which points had it and how often they named the identifier.
  const hits = results.modes.some((m) => m.identifierHit !== undefined);
  const contexts = hits || results.modes.some((m) => m.context === "with");
  const extraHeads = `${contexts ? " context |" : ""}${hits ? " identifier hit |" : ""}`;
  const extraRule = `${contexts ? "---|" : ""}${hits ? "---|" : ""}`;
  const lines = [
    `# Benchmark summary`,
    ``,
    `${results.tasks} tasks; window ${results.settings.window}, top-K ${results.settings.topK}, stability ${results.settings.stabilities.join(", ")} (hysteresis ${results.settings.hysteresis} bits, min stay ${results.settings.minStay}), max tokens ${results.settings.maxTokens}; ${results.machine.cpus} CPUs, ${results.machine.threads} thread(s) per model, Node ${results.machine.node}.`,
    ``,
    "Command: `" + command + "`",
    ``,
    `| mode |${extraHeads} threshold | target share | stability | rollback bound | first position | exact match | edit similarity | % of large-only | large share | param cost | ms/task mean | p50 | p95 | ms % of large | evaluated small/large per task | switches/task | rollbacks/task | rewritten/task | first token large | catch-up ms/task |`,
    `|---|${extraRule}---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|`,
  ];
  for (const m of results.modes as FidelityModeResult[]) {
    const ci = m.ci95;
    const large = largeFor(results.modes, m);
    const extra = `${contexts ? ` ${m.context} |` : ""}${hits ? ` ${m.identifierHit === undefined ? "n/a" : `${m.identifierHit.toFixed(3)}${ci?.identifierHit ? ` ${formatInterval(ci.identifierHit)}` : ""}`} |` : ""}`;
    lines.push(
      `| ${m.mode}${m.layout && m.layout !== DEFAULT_PROMPT_LAYOUT ? ` (${m.layout} layout)` : ""} |${extra} ${m.effectiveThreshold ? `${m.effectiveThreshold.mean} (mean; ${m.effectiveThreshold.first} -> ${m.effectiveThreshold.last})` : (m.threshold ?? "")} | ${m.target ?? ""} | ${m.stability ?? ""} | ${m.mode === "ead" ? m.rollbackBound : ""} | ${m.mode === "ead" ? m.firstPosition : ""} | ${m.exactMatch.toFixed(3)} | ${m.editSimilarity.toFixed(3)} | ${ratio(m.editSimilarity, large?.editSimilarity)}${ci ? ` ${formatInterval(ci.percentOfLarge, 1)}` : ""} | ${m.largeShare.toFixed(3)}${ci ? ` ${formatInterval(ci.largeShare)}` : ""} | ${m.paramCost.toFixed(3)} | ${m.msPerTask.mean.toFixed(1)} | ${m.msPerTask.p50.toFixed(1)} | ${m.msPerTask.p95.toFixed(1)} | ${ratio(m.msPerTask.mean, large?.msPerTask.mean)} | ${m.evaluated.small} / ${m.evaluated.large} | ${m.switches} | ${m.rollbacks} | ${m.rewritten} | ${m.firstLarge} | ${m.catchUpMs} |`,
    );
  }
  if (hits) {
    lines.push(``, `Identifier hit: the share of the ${results.identifierTasks ?? "n/a"} tasks that name an identifier defined in another file whose shown completion starts with that name${results.bootstrap ? "; brackets: 95 % paired-bootstrap intervals over the tasks" : ""}. Context "with": the requests carried the tasks' chunks of other files; "without": the same tasks without them.`);
  }
  const ordered = (results.modes as OrderedResult[]).filter((m) => m.orders);
  if (ordered.length) {
    lines.push(``, `Budget points: the mean over ${ordered[0].orders!.count} task orders (the file's, then seeded shuffles); spread over the orders:`, ``);
    lines.push(`| target | rollback bound | edit similarity min - max | large share min - max |`, `|---|---|---|---|`);
    for (const m of ordered) {
      const o = m.orders!;
      lines.push(`| ${m.target} | ${m.rollbackBound} | ${o.editSimilarity.min.toFixed(3)} - ${o.editSimilarity.max.toFixed(3)} | ${o.largeShare.min.toFixed(3)} - ${o.largeShare.max.toFixed(3)} |`);
    }
  }
  lines.push(...fidelityMarkdown(results));
  const spec = results.modes.find((m) => m.mode === "speculative");
  if (spec?.acceptance !== undefined) lines.push(``, `Speculative acceptance (accepted / drafted): ${spec.acceptance}.`);
  return lines.join("\n") + "\n";
}
