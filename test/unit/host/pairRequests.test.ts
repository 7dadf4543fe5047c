// Requests the editor sends the engine process so that it never loads node-llama-cpp itself: a pair
// check (headers, pair rule, placement, memory) without a load, and model downloads.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EngineError } from "../../../src/engine/errors";
import { EngineClient, type EngineState } from "../../../src/host/engineClient";
import { downloadedPath } from "../../../src/engine/modelfiles/resolve";
import { fixtures, hostScript } from "../helpers/fixtures";
import { qwenTestPair } from "../helpers/realPair";
import { startFakeHub, writeMismatchedModel } from "../../helpers/models";

describe("host: pair check and downloads in the engine process", function () {
  this.timeout(300_000);
  let client: EngineClient;
  let dir: string;
  const states: EngineState[] = [];

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "ead-host-req-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  beforeEach(() => {
    states.length = 0;
    client = new EngineClient({ hostScript });
    client.onState((s) => states.push(s));
  });
  afterEach(async () => client.dispose());

  it("checks a pair without loading it: the estimate and where each model runs, and the client stays unloaded", async () => {
    const estimate = await client.checkPair({ smallModelPath: fixtures.small, largeModelPath: fixtures.large, contextSize: 4096, batchSize: 128, gpu: "off", threads: 1 });
    assert.ok(estimate.total > statSync(fixtures.small).size, `estimate ${estimate.total}`);
    assert.deepEqual(estimate.placement, { small: "cpu", large: "cpu" });
    assert.equal(estimate.gpu, false);
    assert.equal(client.state, "stopped");
    assert.deepEqual(states, [], "a check is no load");
    assert.ok(client.pid !== undefined && client.pid !== process.pid, "answered by the child process");
  });

  it("accepts the real-format 151,936 / 152,064 pair with ead.gpu auto (CPU here: no GPU on this machine)", async () => {
    const pair = qwenTestPair();
    const estimate = await client.checkPair({ smallModelPath: pair.small, largeModelPath: pair.large, gpu: "auto", threads: 1 });
    assert.equal(estimate.gpu, false);
    assert.deepEqual(estimate.placement, { small: "cpu", large: "cpu" });
  });

  it("a refused pair comes back as the engine's error, with its code and message", async () => {
    const odd = join(dir, "odd.gguf");
    await writeMismatchedModel(fixtures.small, odd);
    await assert.rejects(client.checkPair({ smallModelPath: odd, largeModelPath: fixtures.large }), (e: unknown) => {
      assert.ok(e instanceof EngineError);
      assert.equal(e.code, "VOCAB_MISMATCH");
      assert.match(e.message, /token \d+ differs \("<\|rXpo_name\|>" in odd.gguf, "<\|repo_name\|>" in large.gguf\)/);
      return true;
    });
    await assert.rejects(client.checkPair({ smallModelPath: fixtures.small, largeModelPath: fixtures.large, availableBytes: 1024 * 1024 }), (e: EngineError) => e.code === "OUT_OF_MEMORY");
  });

  it("downloads a model with progress, and a cancelled download leaves nothing", async () => {
    const hub = await startFakeHub({ "test/Tiny-Coder-GGUF": fixtures.small });
    const slow = await startFakeHub({ "test/Big-Coder-GGUF": fixtures.large }, { bytesPerSecond: 4 * 1024 * 1024 });
    try {
      const storageDir = join(dir, "dl");
      const progress: number[] = [];
      const path = await client.download({ uri: "hf:test/Tiny-Coder-GGUF:Q8_0", storageDir, huggingFaceEndpoint: hub.url }, { onProgress: (p) => progress.push(p.downloadedBytes) });
      assert.equal(statSync(path).size, statSync(fixtures.small).size);
      assert.equal(await downloadedPath(storageDir, "hf:test/Tiny-Coder-GGUF:Q8_0"), path);
      assert.ok(progress.length > 0 && progress[progress.length - 1] === statSync(fixtures.small).size, progress.join(","));

      const controller = new AbortController();
      const pending = client.download({ uri: "hf:test/Big-Coder-GGUF:Q8_0", storageDir, huggingFaceEndpoint: slow.url }, { signal: controller.signal, onProgress: () => controller.abort() });
      await assert.rejects(pending, (e: EngineError) => e.code === "ABORTED");
      assert.equal(await downloadedPath(storageDir, "hf:test/Big-Coder-GGUF:Q8_0"), undefined);
      assert.deepEqual(readdirSync(storageDir).filter((f) => f.endsWith(".gguf") && join(storageDir, f) !== path), []);
      assert.ok(existsSync(path), "the earlier download is kept");
    } finally {
      await hub.close();
      await slow.close();
    }
  });
});
