// A download in progress is never where a model could be picked up: while bytes arrive, the storage
// folder holds no .gguf file (a folder scan, a setting naming the file, or the model finder would
// otherwise load half a model); the finished, verified file appears there whole.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { downloadModel, stallCheckMs, type DownloadProgress } from "../../../../src/engine/modelfiles/download";
import { startFakeHub } from "../../../helpers/models";
import { fixtures } from "../../helpers/fixtures";

const URI = "hf:test/Slow-Coder-GGUF:Q8_0";

/** Every file under `dir`, relative. */
function allFiles(dir: string, prefix = ""): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? allFiles(dir, join(prefix, e.name)) : [join(prefix, e.name)]));
}

describe("engine/modelfiles/download", function () {
  this.timeout(120_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), "ead-download-"))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("while the file arrives, no .gguf is in the storage folder; once verified, the whole file is", async () => {
    const size = statSync(fixtures.small).size;
    // About 3 s for the fixture: time to look several times mid-download.
    const hub = await startFakeHub({ "test/Slow-Coder-GGUF": fixtures.small }, { bytesPerSecond: Math.ceil(size / 3) });
    const storageDir = join(dir, "slow");
    const seen: { bytes: number; ggufs: string[] }[] = [];
    let last: DownloadProgress | undefined;
    try {
      const download = downloadModel(URI, { storageDir, huggingFaceEndpoint: hub.url, onProgress: (p) => (last = p) });
      let done = false;
      void download.finally(() => (done = true)).catch(() => undefined);
      while (!done) {
        await new Promise((r) => setTimeout(r, 100));
        if (done || !last || last.downloadedBytes <= 0 || last.downloadedBytes >= size) continue;
        seen.push({ bytes: last.downloadedBytes, ggufs: allFiles(storageDir).filter((f) => f.toLowerCase().endsWith(".gguf")) });
      }
      const path = await download;
      assert.ok(seen.length >= 3, `looked ${seen.length} times mid-download`);
      assert.deepEqual(seen.filter((s) => s.ggufs.length > 0), [], "no .gguf file while bytes were still arriving");
      assert.equal(statSync(path).size, size);
      assert.equal(join(path, ".."), storageDir, "the finished file lies in the storage folder");
      assert.deepEqual(allFiles(storageDir).filter((f) => f.toLowerCase().endsWith(".gguf")), [path.slice(storageDir.length + 1)]);
    } finally {
      await hub.close();
    }
  });
});

describe("engine/modelfiles/download stall watchdog", function () {
  this.timeout(120_000);

  it("gives up after the stall limit without data, plus at most one check: not up to twice the limit", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ead-stall-"));
    const hub = await startFakeHub({ "test/Stall-Coder-GGUF": fixtures.small }, { fault: "stall" });
    const stallTimeoutMs = 3000;
    // The margin: one watchdog check, plus time for the abort to settle on a busy machine.
    const margin = stallCheckMs(stallTimeoutMs) + 1500;
    let lastDataAt = 0;
    let lastBytes = 0;
    try {
      const t0 = Date.now();
      await assert.rejects(
        downloadModel("hf:test/Stall-Coder-GGUF:Q8_0", { storageDir: dir, huggingFaceEndpoint: hub.url, stallTimeoutMs, onProgress: (p) => {
          // The library reports progress on a timer too: only a change in bytes is data.
          if (p.downloadedBytes > lastBytes) (lastBytes = p.downloadedBytes), (lastDataAt = Date.now());
        } }),
        /sent no data for 3 s/,
      );
      const gaveUpAfter = Date.now() - (lastDataAt || t0);
      console.log(`      gave up ${gaveUpAfter} ms after the last data (limit ${stallTimeoutMs} ms, margin ${margin} ms)`);
      assert.ok(lastDataAt > 0, "half the file arrived before the stall");
      assert.ok(gaveUpAfter >= stallTimeoutMs - 100, `not before the limit: ${gaveUpAfter} ms`);
      assert.ok(gaveUpAfter <= stallTimeoutMs + margin, `within the limit plus ${margin} ms: ${gaveUpAfter} ms`);
      assert.deepEqual(allFiles(dir).filter((f) => f.endsWith(".gguf")), [], "nothing kept");
    } finally {
      await hub.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
