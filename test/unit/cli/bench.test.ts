// bench, calibrate and speed as a user runs them, on a small task set and the fixture pair.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cliPath, fixtures } from "../helpers/fixtures";

const dir = mkdtempSync(join(tmpdir(), "ead-bench-"));
const tasks = join(dir, "tasks.jsonl");
writeFileSync(
  tasks,
  [
    { id: "a", prefix: "function sum(values) {\n  let total = 0;\n  for (const v of values) {\n    total += ", suffix: "\n  }\n  return total;\n}\n", reference: "v;", kind: "line" },
    { id: "b", prefix: "const app = express();\n\napp.get('/', (req, res) => {\n", suffix: "\n});\n", reference: "  res.send('ok');", kind: "line" },
    { id: "c", prefix: "class Stack {\n  constructor() {\n", suffix: "\n  }\n}\n", reference: "    this.items = [];", kind: "span" },
  ]
    .map((t) => JSON.stringify(t))
    .join("\n") + "\n",
);

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [cliPath, ...args], { encoding: "utf8", timeout: 300_000 });
  assert.equal(r.status, 0, r.stderr);
  return r;
}

describe("cli bench / calibrate / speed", function () {
  it("bench writes results.json with every mode and the threshold sweep per stability rule, a Pareto SVG and a summary", () => {
    const out = join(dir, "bench");
    cli("bench", "--tasks", tasks, "--thresholds", "1,2.5,4", "--stability", "none,hysteresis", "--max-tokens", "12", "--threads", "1", "--out", out);
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8"));
    assert.equal(results.tasks, 3);
    const labels = results.modes.map((m: { mode: string; threshold: number | null; stability: string | null }) => [m.mode, m.threshold, m.stability].join(":"));
    assert.deepEqual(labels, [
      "small::", "large::",
      "ead:1:none", "ead:2.5:none", "ead:4:none",
      "ead:1:hysteresis", "ead:2.5:hysteresis", "ead:4:hysteresis",
      "speculative::",
    ]);
    for (const m of results.modes) {
      for (const k of ["mode", "threshold", "window", "exactMatch", "editSimilarity", "largeShare", "paramCost", "msPerTask", "evaluated", "switches"]) assert.ok(k in m, k);
      assert.ok(m.editSimilarity >= 0 && m.editSimilarity <= 1);
      assert.ok(m.msPerTask.p50 <= m.msPerTask.p95);
    }
    const [small, large] = results.modes;
    assert.equal(small.largeShare, 0);
    assert.equal(large.largeShare, 1);
    assert.equal(large.paramCost, 1);
    assert.equal(results.modes[8].editSimilarity, large.editSimilarity, "speculative is lossless");
    const svg = readFileSync(join(out, "pareto.svg"), "utf8");
    assert.match(svg, /^<svg[\s\S]*<\/svg>\s*$/);
    assert.match(readFileSync(join(out, "summary.md"), "utf8"), /\| speculative \|/);
  });

  it("bench takes --large-share-target, --rollback-bound and --first-position and reports target and realised share per point", () => {
    const out = join(dir, "bench-budget");
    cli("bench", "--tasks", tasks, "--modes", "large,ead", "--thresholds", "none", "--window", "16", "--large-share-target", "0.2,0.4",
      "--rollback-bound", "0,0.05", "--first-position", "counted,skipped,large,largeWord", "--stability", "none", "--max-tokens", "12", "--threads", "1", "--out", out);
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8"));
    const ead = results.modes.filter((m: { mode: string }) => m.mode === "ead");
    assert.equal(ead.length, 16, "2 targets x 2 bounds x 4 first-position rules");
    for (const m of ead) {
      assert.ok(m.target === 0.2 || m.target === 0.4);
      assert.equal(m.threshold, null);
      assert.ok(m.largeShare >= 0 && m.largeShare <= 1, "realised share");
      // The bundled pair starts from its calibration at window 16: the threshold is the controller's, not a fallback.
      assert.ok(m.effectiveThreshold && m.effectiveThreshold.first > 3 && m.effectiveThreshold.first < 8, JSON.stringify(m.effectiveThreshold));
      for (const k of ["rollbacks", "rewritten", "firstLarge", "catchUpMs"]) assert.ok(typeof m[k] === "number", k);
      if (m.rollbackBound === 0) assert.equal(m.rollbacks, 0);
      // Skipped, the small model writes the first token, unless a rollback gives it to the large model
      // (with the bound at 0, never: the line above).
      if (m.firstPosition === "skipped") assert.ok(m.firstLarge <= m.rollbacks, `the small model writes the first token unless rolled back: ${m.firstLarge} > ${m.rollbacks}`);
      // Under "large" (and "largeWord") the large model writes every first token that is not an end: at
      // least wherever the counted rule gave it the first position (its greedy token is the same).
      if (m.firstPosition === "large" || m.firstPosition === "largeWord") {
        const counted = ead.find((c: typeof m) => c.firstPosition === "counted" && c.target === m.target && c.rollbackBound === m.rollbackBound)!;
        assert.ok(m.firstLarge > 0 && m.firstLarge >= counted.firstLarge, `first large ${m.firstLarge}, counted ${counted.firstLarge}`);
      }
    }
    const lower = ead.find((m: { target: number }) => m.target === 0.4)!.effectiveThreshold.first;
    const higher = ead.find((m: { target: number }) => m.target === 0.2)!.effectiveThreshold.first;
    assert.ok(lower < higher, "a larger target starts from a lower threshold");
    assert.match(readFileSync(join(out, "summary.md"), "utf8"), /target share/);
  });

  it("bench measures fidelity to large-only with intervals, writes outputs.jsonl and compares two points (dev tasks)", () => {
    const out = join(dir, "bench-fidelity");
    const devTasks = join(process.cwd(), "bench", "tasks", "dev.jsonl");
    // --modes without small and large: fidelity adds both.
    cli("bench", "--tasks", devTasks, "--limit", "3", "--modes", "ead", "--thresholds", "5.4", "--large-share-target", "0.3", "--orders", "2",
      "--window", "16", "--stability", "none", "--max-tokens", "16", "--threads", "1", "--compare", "ead@budget 0.3,ead@5.4", "--out", out);
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8"));
    assert.deepEqual(results.modes.map((m: { label: string }) => m.label), ["small", "large", "ead@5.4", "ead@budget 0.3"]);
    assert.deepEqual(results.bootstrap, { resamples: 1000, seed: 1 });
    for (const m of results.modes) {
      // Every field results.json had before stays.
      for (const k of ["mode", "threshold", "window", "exactMatch", "editSimilarity", "largeShare", "paramCost", "msPerTask", "evaluated", "switches", "firstLarge"]) assert.ok(k in m, k);
      for (const k of ["exact", "firstLine", "editSimilarity"]) assert.ok(m.agreement[k] >= 0 && m.agreement[k] <= 1, k);
      for (const k of ["percentOfLarge", "gapClosed", "largeShare"]) {
        const [lo, hi] = m.ci95[k];
        assert.ok(typeof lo === "number" && typeof hi === "number" && lo <= hi, `${m.label} ${k}: ${m.ci95[k]}`);
      }
    }
    const [small, large, fixed, budget] = results.modes;
    assert.deepEqual(large.agreement, { exact: 1, firstLine: 1, editSimilarity: 1 });
    assert.equal(large.gapClosed, 1);
    assert.equal(small.gapClosed, 0);
    assert.equal(budget.orders.count, 2);

    // outputs.jsonl: one line per task and point (per order for the budget point); agreement recomputed from it.
    const lines = readFileSync(join(out, "outputs.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    assert.equal(lines.length, 3 * 3 + 3 * 2);
    for (const l of lines) for (const k of ["taskId", "config", "text", "rawText", "largeShare", "tokens", "firstLarge"]) assert.ok(k in l, k);
    const textOf = (config: string) => lines.filter((l) => l.config === config).map((l) => l.text.trimEnd());
    const largeTexts = textOf("large");
    const exact = textOf("ead@5.4").filter((t, i) => t === largeTexts[i]).length / 3;
    assert.equal(fixed.agreement.exact, Math.round(exact * 1e4) / 1e4);
    assert.deepEqual(lines.filter((l) => l.config === "ead@budget 0.3").map((l) => l.order), [0, 0, 0, 1, 1, 1]);
    const share = lines.filter((l) => l.config === "small").every((l) => l.largeShare === 0 && l.firstLarge === false);
    assert.ok(share, "small-only writes no large token");

    assert.equal(results.comparison.a, "ead@budget 0.3");
    assert.equal(results.comparison.b, "ead@5.4");
    const gap = results.comparison.differences.find((d: { figure: string }) => d.figure === "gapClosed");
    assert.ok(Math.abs(gap.estimate - (budget.gapClosed - fixed.gapClosed)) < 1e-3);
    const summary = readFileSync(join(out, "summary.md"), "utf8");
    assert.match(summary, /## Fidelity to large-only/);
    assert.match(summary, /## ead@budget 0.3 minus ead@5.4/);
    assert.match(summary, /no measurable difference|higher/);
  });

  it("bench --from reads saved runs (plain or gzipped) back with the same figures, pairs them by task, and refuses other tasks", () => {
    const first = join(dir, "bench-fidelity"); // written by the test above
    const copy = join(dir, "copy");
    mkdirSync(copy, { recursive: true });
    writeFileSync(join(copy, "outputs.jsonl.gz"), gzipSync(readFileSync(join(first, "outputs.jsonl"))));
    const out = join(dir, "from");
    const r = cli("bench", "--from", `${first},${copy}`, "--compare", "copy:ead@budget 0.3,ead@budget 0.3", "--out", out);
    const live = JSON.parse(readFileSync(join(first, "results.json"), "utf8")).modes.find((m: { label: string }) => m.label === "ead@budget 0.3");
    const row = r.stdout.split("\n").find((l) => l.startsWith("| copy:ead@budget 0.3 |"))!;
    assert.ok(row, r.stdout);
    assert.ok(row.includes(`| ${live.gapClosed.toFixed(3)} [${live.ci95.gapClosed[0].toFixed(3)}, ${live.ci95.gapClosed[1].toFixed(3)}] |`), `${row} against ${JSON.stringify(live)}`);
    assert.match(r.stdout, /\| gap closed \| \+0\.0000 \| \[0\.0000, 0\.0000\] \| no measurable difference \|/);
    assert.match(readFileSync(join(out, "fidelity.md"), "utf8"), /copy:ead@budget 0\.3 minus ead@budget 0\.3/);
    const other = spawnSync(process.execPath, [cliPath, "bench", "--from", `${first},${join(dir, "bench-budget")}`], { encoding: "utf8" });
    assert.equal(other.status, 2);
    assert.match(other.stderr, /ran other tasks than/);
  });

  it("bench --context with,without crosses every point with and without the cross-file tasks' context and reports identifier hits", () => {
    const out = join(dir, "bench-context");
    const crossTasks = join(process.cwd(), "bench", "tasks", "dev-crossfile.jsonl");
    // Three tasks of three packages; the paired difference with and without context for large-only.
    cli("bench", "--tasks", crossTasks, "--every", "80", "--limit", "3", "--modes", "small,large,ead", "--thresholds", "5.4", "--context", "with,without",
      "--window", "16", "--stability", "none", "--max-tokens", "16", "--threads", "1", "--compare", "large,large+no context", "--out", out);
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8"));
    assert.equal(results.tasks, 3);
    assert.equal(results.identifierTasks, 3);
    assert.deepEqual(results.modes.map((m: { label: string; context: string }) => `${m.label}/${m.context}`), [
      "small/with", "large/with", "ead@5.4/with", "small+no context/without", "large+no context/without", "ead@5.4+no context/without",
    ]);
    const lines = readFileSync(join(out, "outputs.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    for (const m of results.modes) {
      // identifierHit is the share of this point's shown completions that start with the task's identifier.
      const hits = lines.filter((l) => l.config === m.label).map((l) => (l.identifierHit ? 1 : 0));
      assert.equal(hits.length, 3);
      assert.equal(m.identifierHit, Math.round((hits.reduce((a: number, b: number) => a + b, 0) / 3) * 1e4) / 1e4, m.label);
      const [lo, hi] = m.ci95.identifierHit;
      assert.ok(lo <= m.identifierHit && m.identifierHit <= hi, `${m.label}: ${m.identifierHit} outside [${lo}, ${hi}]`);
    }
    // Each point is compared with large-only of its own context: large-only without context agrees with itself.
    assert.deepEqual(results.modes[4].agreement, { exact: 1, firstLine: 1, editSimilarity: 1 });
    const diff = results.comparison.differences.find((d: { figure: string }) => d.figure === "identifierHit");
    assert.ok(Math.abs(diff.estimate - (results.modes[1].identifierHit - results.modes[4].identifierHit)) < 1e-3);
    const summary = readFileSync(join(out, "summary.md"), "utf8");
    assert.match(summary, /^\| mode \| context \| identifier hit \|/m);
    assert.match(summary, /^\| large \| without \| \d\.\d{3} \[/m);
    assert.match(summary, /\| identifier hit \| [+-]\d\.\d{4} \|/);
    for (const m of results.modes) console.log(`      ${m.label}: identifier hit ${m.identifierHit} [${m.ci95.identifierHit}], edit similarity ${m.editSimilarity}, large share ${m.largeShare}, ${m.msPerTask.mean} ms/task`);

    // Saved runs read back keep the points without context apart, with their identifier hits.
    const r = cli("bench", "--from", out);
    assert.match(r.stdout, /\| identifier hit \|$/m);
    const row = r.stdout.split("\n").find((l) => l.startsWith("| large+no context |"))!;
    assert.ok(row.endsWith(`| ${results.modes[4].identifierHit.toFixed(3)} [${results.modes[4].ci95.identifierHit.map((v: number) => v.toFixed(3)).join(", ")}] |`), row);
  });

  it("bench --context-tokens bounds the block per point: a smaller bound, fewer prompt tokens; saved runs keep the bounds apart", () => {
    const out = join(dir, "bench-context-tokens");
    const crossTasks = join(process.cwd(), "bench", "tasks", "dev-crossfile.jsonl");
    cli("bench", "--tasks", crossTasks, "--every", "80", "--limit", "2", "--modes", "large,ead", "--thresholds", "5.4", "--context", "with,without", "--context-tokens", "48,400",
      "--window", "16", "--stability", "none", "--max-tokens", "8", "--threads", "1", "--out", out);
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8"));
    const byLabel = new Map(results.modes.map((m: { label: string }) => [m.label, m]));
    assert.deepEqual([...byLabel.keys()], [
      "small+context 48", "small+context 400", "large+context 48", "large+context 400", "ead@5.4+context 48", "ead@5.4+context 400",
      "small+no context", "large+no context", "ead@5.4+no context",
    ]);
    const large = (label: string) => byLabel.get(label) as { contextTokens?: number; context: string; evaluated: { large: number }; agreement: { exact: number } };
    assert.equal(large("large+context 48").contextTokens, 48);
    assert.equal(large("large+no context").contextTokens, undefined);
    // The bound reaches the prompt: the large model evaluates fewer tokens under the smaller bound, and fewer still without context.
    assert.ok(large("large+context 48").evaluated.large < large("large+context 400").evaluated.large, JSON.stringify([large("large+context 48").evaluated, large("large+context 400").evaluated]));
    assert.ok(large("large+no context").evaluated.large < large("large+context 48").evaluated.large);
    // Each point is compared with large-only of its own bound.
    assert.equal(large("large+context 48").agreement.exact, 1);
    const r = cli("bench", "--from", out);
    for (const label of ["large+context 48", "large+context 400", "large+no context"]) {
      const row = r.stdout.split("\n").find((l) => l.startsWith(`| ${label} |`));
      assert.ok(row, `${label} read back as its own reference point`);
    }
  });

  it("bench --context-tokens refuses bounds that are not whole token counts, repeats, and runs without context", () => {
    const crossTasks = join(process.cwd(), "bench", "tasks", "dev-crossfile.jsonl");
    for (const [args, message] of [
      [["--context-tokens=-1"], /--context-tokens values must be whole numbers of tokens from 0 to 8192, got "-1"/],
      [["--context-tokens", "1.5"], /got "1.5"/],
      [["--context-tokens", "9000"], /got "9000"/],
      [["--context-tokens", "64,64"], /--context-tokens names 64 twice/],
      [["--context", "without", "--context-tokens", "64"], /--context-tokens bounds the context: it needs points with it/],
    ] as const) {
      const r = spawnSync(process.execPath, [cliPath, "bench", "--tasks", crossTasks, ...args], { encoding: "utf8" });
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, message);
    }
  });

  it("bench --context with refuses tasks that carry no context, and unknown choices", () => {
    const r = spawnSync(process.execPath, [cliPath, "bench", "--tasks", tasks, "--context", "with"], { encoding: "utf8" });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--context with: no task of .* carries a "context" field/);
    const bad = spawnSync(process.execPath, [cliPath, "bench", "--tasks", tasks, "--context", "with,sometimes"], { encoding: "utf8" });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--context must list some of with, without, got "sometimes"/);
  });

  it("bench --compare names the run's points when a label is unknown", () => {
    const r = spawnSync(process.execPath, [cliPath, "bench", "--tasks", tasks, "--thresholds", "5", "--compare", "ead@5,ead@6"], { encoding: "utf8" });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no point labelled "ead@6"; this run's points: "small", "large", "ead@5", "speculative"/);
  });

  it("bench rejects a target outside 0.05..0.95", () => {
    const r = spawnSync(process.execPath, [cliPath, "bench", "--tasks", tasks, "--large-share-target", "0.99"], { encoding: "utf8" });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--large-share-target values must be between 0.05 and 0.95/);
  });

  it("calibrate reports a threshold and the share it gave", () => {
    const r = cli("calibrate", "--tasks", tasks, "--target-large-share", "0.3", "--iterations", "2", "--max-tokens", "8", "--threads", "1", "--json");
    const result = JSON.parse(r.stdout);
    assert.equal(result.steps.length, 2);
    assert.ok(result.threshold > 0 && result.threshold < 12);
    assert.ok(result.largeShare >= 0 && result.largeShare <= 1);
  });

  it("speed measures the fixture pair and writes speed.json", () => {
    const out = join(dir, "speed");
    cli("speed", "--small", fixtures.small, "--large", fixtures.large, "--threads", "1", "--prompts", "1", "--max-tokens", "8", "--acceptance", "0.6", "--run-length", "2", "--tasks", tasks, "--out", out);
    assert.ok(existsSync(join(out, "speed.json")));
    const speed = JSON.parse(readFileSync(join(out, "speed.json"), "utf8"));
    for (const k of ["smallShape", "largeShape", "threads", "modes", "engineOverheadMsPerToken", "catchUpMsPerSwitch", "largeDecodeMsPerToken"]) assert.ok(k in speed, k);
    assert.deepEqual(speed.modes.map((m: { mode: string }) => m.mode).sort(), ["ead", "large", "small", "speculative"]);
    assert.equal(speed.modes.find((m: { mode: string }) => m.mode === "speculative").derived, true);
    assert.ok(speed.largeDecodeMsPerToken > 0);
  });
});
