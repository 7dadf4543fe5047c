// The layer rules (.dependency-cruiser.cjs) run by dependency-cruiser's own CLI, as `npm test` runs them:
// on a planted tree each rule reports exactly the import that breaks it, and src/ breaks none.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { repoRoot } from "../helpers/fixtures";

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

/** Runs depcruise with the project's config on `dir`'s src/: the exit status of the run `npm test` makes
 * (`--output-type err`) and the violations it reports (read from `--output-type json`). */
function cruise(dir: string): { status: number | null; violations: Violation[] } {
  const bin = join(repoRoot, "node_modules", "dependency-cruiser", "bin", "dependency-cruise.mjs");
  const run = (outputType: string) =>
    spawnSync(process.execPath, [bin, "--config", join(repoRoot, ".dependency-cruiser.cjs"), "--output-type", outputType, "src"], {
      cwd: dir,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
  const json = run("json");
  assert.ok(json.stdout, `depcruise printed nothing: ${json.stderr}`);
  return { status: run("err").status, violations: JSON.parse(json.stdout).summary.violations };
}

/** A package is named as imported ("vscode"), not by the file it resolves to. */
const target = (to: string) => to.replace(/^.*node_modules\/(@types\/)?([^/]+)\/.*$/, "$2");
const brief = (v: Violation) => `${v.rule.name}: ${v.from} -> ${target(v.to)}`;

describe("dependency rules", function () {
  this.timeout(120_000);

  it("report each planted violation, and nothing for the imports that keep the layers", () => {
    const { status, violations } = cruise(join(repoRoot, "test", "fixtures", "layers"));
    assert.notEqual(status, 0, "a tree with violations must fail the run");
    const found = [...new Set(violations.map(brief))].sort();
    assert.deepEqual(found, [
      "editor-side-no-llama: src/completion/namesLlama.ts -> node-llama-cpp",
      "engine-not-upward: src/engine/reachesUp.ts -> src/ui/panel.ts",
      "engine-side-no-vscode: src/engine/usesVscode.ts -> vscode",
      "in-a-layer: src/stray/unplaced.ts -> src/machine/cores.ts",
      "no-circular: src/machine/cycleA.ts -> src/machine/cycleB.ts",
      "tools-no-vscode: src/cli/usesPanel.ts -> vscode",
      "tools-on-engine-side: src/cli/usesPanel.ts -> src/ui/panel.ts",
    ].sort());
  });

  it("find none in src/", () => {
    const { status, violations } = cruise(repoRoot);
    assert.deepEqual(violations.map(brief), []);
    assert.equal(status, 0);
  });
});
