// `bench --from <dir,dir>`: fidelity, intervals and --compare on completions saved by earlier bench runs
// (no model is loaded). Points of every run after the first are named `<folder>:<label>`.
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { formatInterval } from "../bench/summaryFidelity";
import { comparedFigures } from "../bench/fidelityResults";
import { FidelityStatistics } from "../bench/intervals";
import { readSavedRuns } from "../bench/savedRuns";
import { listArg, UsageError } from "./args";

export function benchFrom(v: Record<string, unknown>, resamples: number): number {
  const dirs = (listArg(v, "from") ?? []).map((d) => resolve(d));
  if (!dirs.length) throw new UsageError("--from needs one or more folders written by bench");
  let saved;
  try {
    saved = readSavedRuns(dirs);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { taskIds, points } = saved;
  const labels = points.map((p) => p.label);
  // Small- and large-only points, of any context variant, are the references (readSavedRuns).
  const reference = (mode: string) => points.some((p) => p.config.mode === mode);
  if (!reference("small") || !reference("large")) throw new UsageError("--from: the runs hold no small-only and large-only completions (run bench with --fidelity on)");
  const stats = new FidelityStatistics(points.map((p) => p.config), (c) => points.find((p) => p.config === c)!.runs, taskIds.length, { resamples });
  const hits = stats.namesIdentifiers();
  const lines = [
    `# Fidelity of saved runs`,
    ``,
    `${dirs.join(", ")}: ${taskIds.length} tasks. Brackets: 95 % intervals, paired bootstrap over tasks (${resamples} resamples, seed 1).`,
    ``,
    `| point | % of large-only | agreement exact | agreement first line | edit similarity to large-only | gap closed | large share | task orders |${hits ? " identifier hit |" : ""}`,
    `|---|---|---|---|---|---|---|---|${hits ? "---|" : ""}`,
  ];
  points.forEach((p, i) => {
    const f = stats.figures(i)!;
    const at = (figure: "percentOfLarge" | "largeShare" | "identifierHit") => stats.statistic(i, figure)(stats.all);
    const hit = hits ? ` ${at("identifierHit").toFixed(3)} ${formatInterval(f.ci95.identifierHit!)} |` : "";
    lines.push(
      `| ${p.label} | ${at("percentOfLarge").toFixed(1)} % ${formatInterval(f.ci95.percentOfLarge, 1)} | ${f.agreement.exact.toFixed(3)} ${formatInterval(f.ci95.agreementExact)} | ${f.agreement.firstLine.toFixed(3)} ${formatInterval(f.ci95.agreementFirstLine)} | ${f.agreement.editSimilarity.toFixed(3)} ${formatInterval(f.ci95.agreementEditSimilarity)} | ${f.gapClosed == null ? "n/a" : `${f.gapClosed.toFixed(3)} ${formatInterval(f.ci95.gapClosed)}`} | ${at("largeShare").toFixed(3)} ${formatInterval(f.ci95.largeShare)} | ${p.runs.length} |${hit}`,
    );
  });
  const pair = listArg(v, "compare");
  if (pair) {
    const known = `the saved points: ${labels.map((l) => `"${l}"`).join(", ")}`;
    if (pair.length !== 2 || pair[0] === pair[1]) throw new UsageError(`--compare takes two different point labels separated by a comma; ${known}`);
    const [a, b] = pair.map((l) => labels.indexOf(l));
    for (const [i, l] of [[a, pair[0]], [b, pair[1]]] as const) if (i < 0) throw new UsageError(`--compare: no point labelled "${l}"; ${known}`);
    lines.push(``, `## ${pair[0]} minus ${pair[1]}`, ``, `| figure | difference | 95 % interval | reading |`, `|---|---|---|---|`);
    for (const { figure, name } of comparedFigures(stats)) {
      const d = stats.difference(a, b, figure);
      const digits = figure === "percentOfLarge" ? 2 : 4;
      const reading = d.measurable ? (d.estimate > 0 ? `${pair[0]} higher` : `${pair[1]} higher`) : "no measurable difference";
      lines.push(`| ${name} | ${d.estimate >= 0 ? "+" : ""}${d.estimate.toFixed(digits)} | ${formatInterval(d.ci95, digits)} | ${reading} |`);
    }
  }
  const text = lines.join("\n") + "\n";
  process.stdout.write(text);
  if (v.out !== undefined) {
    const out = resolve(v.out as string);
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, "fidelity.md"), text);
    console.log(`wrote ${join(out, "fidelity.md")}`);
  }
  return 0;
}
