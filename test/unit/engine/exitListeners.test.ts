// Loading engines must not pile up process listeners. Each node-llama-cpp Llama instance adds a
// "beforeExit" listener for its lifetime; the engine keeps one instance per GPU setting and process,
// but each bundle holding engine/llama.ts (every test file is one) had its own, and a unit test run
// printed MaxListenersExceededWarning (11 beforeExit listeners).
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import * as esbuild from "esbuild";
import type { EadEngine } from "../../../src/engine/engine";
import { getCpuLlama } from "../../../src/engine/llama";
import { loadFixtureEngine, repoRoot } from "../helpers/fixtures";

describe("engine/exit listeners", function () {
  this.timeout(240_000);

  it("two separately bundled copies of the engine's llama module share one Llama instance, and one beforeExit listener", async () => {
    const mine = await getCpuLlama(1);
    const before = process.listenerCount("beforeExit");
    const copies: string[] = [];
    try {
      for (const name of ["a", "b"]) {
        const outfile = join(repoRoot, "out", `llama-copy-${name}-${process.pid}.js`);
        await esbuild.build({ entryPoints: [join(repoRoot, "src", "engine", "llama.ts")], bundle: true, platform: "node", format: "cjs", external: ["node-llama-cpp"], outfile, logLevel: "silent" });
        copies.push(outfile);
      }
      const llamas = [];
      for (const file of copies) llamas.push(await (require(file) as typeof import("../../../src/engine/llama")).getCpuLlama(1));
      assert.ok(llamas.every((l) => l === mine), "every copy gets the process's one CPU instance");
      assert.equal(process.listenerCount("beforeExit"), before, "no listener added by another copy");
    } finally {
      for (const file of copies) rmSync(file, { force: true });
    }
  });

  it("loading and disposing engines leaves no process listener behind", async () => {
    const events = ["beforeExit", "exit", "SIGINT", "SIGTERM", "uncaughtException", "unhandledRejection"] as const;
    const counts = () => Object.fromEntries(events.map((e) => [e, process.listenerCount(e)]));
    const warmup = await loadFixtureEngine();
    await warmup.dispose();
    const before = counts();
    for (let i = 0; i < 4; i++) {
      const engine: EadEngine = await loadFixtureEngine();
      await engine.complete({ prefix: `function add${i}(a, b) {\n  return `, settings: { mode: "ead", maxTokens: 2 } });
      await engine.dispose();
    }
    assert.deepEqual(counts(), before, "listeners after four more loads and disposals");
  });
});
