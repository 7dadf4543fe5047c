// The ead.gpu setting through real node-llama-cpp. This machine has no GPU: `auto` must find none and
// run both models on the CPU, and a named backend it cannot use is an error that names the setting.
import assert from "node:assert/strict";
import { EadEngine } from "../../../src/engine/engine";
import { EngineError } from "../../../src/engine/errors";
import { fixtures, SAMPLE_PREFIXES } from "../helpers/fixtures";

describe("engine: ead.gpu on a machine without a GPU", function () {
  this.timeout(300_000);

  it("auto runs both models on the CPU, says so in the engine info, and completes", async () => {
    const engine = await EadEngine.load({ smallModelPath: fixtures.small, largeModelPath: fixtures.large, threads: 1, gpu: "auto" });
    try {
      assert.equal(engine.info.gpu, false);
      assert.deepEqual(engine.info.placement, { small: "cpu", large: "cpu" });
      assert.equal(engine.info.memory.vram, 0);
      assert.ok(engine.info.memory.total > 0);
      const r = await engine.complete({ prefix: SAMPLE_PREFIXES[0], settings: { mode: "ead", maxTokens: 6 } });
      assert.ok(r.tokens.length > 0);
    } finally {
      await engine.dispose();
    }
  });

  it("a backend this machine cannot use is refused, naming it and the setting", async () => {
    await assert.rejects(EadEngine.load({ smallModelPath: fixtures.small, largeModelPath: fixtures.large, threads: 1, gpu: "cuda" }), (e: unknown) => {
      assert.ok(e instanceof EngineError, String(e));
      assert.equal(e.code, "NO_BINARY");
      assert.match(e.message, /The GPU backend "cuda" \(setting ead\.gpu\) cannot be used on this machine/);
      return true;
    });
  });
});
