// Downloads that go wrong (from a local hub on 127.0.0.1): the server answers 500, the connection
// drops mid-body, or a well-formed response holds a truncated file. Each must fail with a readable
// error, leave no model file and no record behind (so nothing partial is ever loaded), and a retry
// once the server behaves must work.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EngineError } from "../../../src/engine/errors";
import { downloadModel } from "../../../src/engine/modelfiles/download";
import { checkPair } from "../../../src/engine/modelfiles/pairCheck";
import { downloadedPath, resolveModelSetting } from "../../../src/engine/modelfiles/resolve";
import { startFakeHub, type HubFault } from "../../helpers/models";
import { fixtures, repoRoot } from "../helpers/fixtures";

const URI = "hf:test/Flaky-Coder-GGUF:Q8_0";

describe("reliability: interrupted and failed downloads", function () {
  this.timeout(90_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), "ead-dlfault-"))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const ggufFiles = (storageDir: string) => (existsSync(storageDir) ? readdirSync(storageDir).filter((f) => f.endsWith(".gguf")) : []);

  for (const fault of ["error", "drop", "short"] as HubFault[]) {
    it(`server fault "${fault}": no file kept, no record, the setting does not resolve; a retry works`, async () => {
      const hub = await startFakeHub({ "test/Flaky-Coder-GGUF": fixtures.small }, { fault });
      const storageDir = join(dir, fault);
      try {
        const t0 = Date.now();
        await assert.rejects(downloadModel(URI, { storageDir, huggingFaceEndpoint: hub.url, stallTimeoutMs: 2000 }), (e: unknown) => {
          assert.ok(e instanceof EngineError, `not an EngineError: ${e}`);
          assert.ok(["MODEL_MISSING", "MODEL_INVALID"].includes(e.code), e.code);
          assert.match(e.message, /Flaky-Coder-GGUF/);
          console.log(`      ${fault}: ${e.code}: ${e.message} (${Date.now() - t0} ms)`);
          return true;
        });
        assert.equal(await downloadedPath(storageDir, URI), undefined, "a failed download is not recorded");
        assert.deepEqual(ggufFiles(storageDir), [], "no partial .gguf is left where a model could be picked up");
        const resolved = await resolveModelSetting(URI, "small", { extensionRoot: repoRoot, storageDir });
        assert.equal(resolved.path, undefined, "the setting still reads as not downloaded");

        hub.fault = undefined;
        const path = await downloadModel(URI, { storageDir, huggingFaceEndpoint: hub.url });
        assert.equal(statSync(path).size, statSync(fixtures.small).size);
        assert.equal(await downloadedPath(storageDir, URI), path);
        await checkPair(path, fixtures.large); // the retried file is a whole, usable model
        if (fault === "error") {
          // The library keeps retrying the abandoned request in the background (at most 5 s apart) until
          // the server answers: let it reach the healthy server before closing it, or it retries for minutes.
          await new Promise((r) => setTimeout(r, 6000));
        }
      } finally {
        await hub.close();
      }
    });
  }
});
