import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkPair } from "../../../src/engine/modelfiles/pairCheck";
import { downloadModel, DownloadCancelled } from "../../../src/engine/modelfiles/download";
import { downloadedPath, resolveModelSetting } from "../../../src/engine/modelfiles/resolve";
import { MODEL_PRESETS, suggestedPreset } from "../../../src/models/presets";
import { EngineError } from "../../../src/engine/errors";
import { fixtures, repoRoot } from "../helpers/fixtures";
import { startFakeHub, writeMismatchedModel } from "../../helpers/models";

describe("models", function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "ead-models-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe("resolveModelSetting", () => {
    const env = () => ({ extensionRoot: repoRoot, storageDir: join(dir, "storage"), workspaceFolder: "/ws" });
    it("empty means not chosen yet: no model ships with the extension", async () => {
      await assert.rejects(
        resolveModelSetting("", "large", env()),
        (e: unknown) => e instanceof EngineError && e.code === "MODEL_MISSING" && e.message === "No large model is chosen yet (setting ead.largeModel): download a recommended pair or select two GGUF files.",
      );
      await assert.rejects(resolveModelSetting("   ", "small", env()), /No small model is chosen yet/);
    });
    it("a relative path is relative to the workspace folder", async () => {
      const r = await resolveModelSetting("models/a.gguf", "small", env());
      assert.equal(r.path, "/ws/models/a.gguf");
      assert.equal(r.source, "file");
    });
    it("a model URI not downloaded yet has no path", async () => {
      const r = await resolveModelSetting("hf:user/repo:Q8_0", "small", env());
      assert.equal(r.source, "uri");
      assert.equal(r.path, undefined);
    });
  });

  describe("checkPair", () => {
    it("accepts the fixture pair with a memory estimate", async () => {
      const e = await checkPair(fixtures.small, fixtures.large);
      assert.ok(e.total > statSync(fixtures.small).size, `estimate ${e.total}`);
    });
    it("refuses a pair whose vocabularies differ, naming the token", async () => {
      const odd = join(dir, "odd.gguf");
      await writeMismatchedModel(fixtures.small, odd);
      await assert.rejects(checkPair(odd, fixtures.large), (e: EngineError) => {
        assert.equal(e.code, "VOCAB_MISMATCH");
        assert.match(e.message, /cannot be paired: token \d+ differs \("<\|rXpo_name\|>" in odd.gguf, "<\|repo_name\|>" in large.gguf\)/);
        return true;
      });
    });
    it("refuses a missing file", async () => {
      await assert.rejects(checkPair(join(dir, "nope.gguf"), fixtures.large), (e: EngineError) => e.code === "MODEL_MISSING" && /does not exist/.test(e.message));
    });
    it("refuses a pair that does not fit in memory, with the numbers", async () => {
      await assert.rejects(checkPair(fixtures.small, fixtures.large, { availableBytes: 1024 * 1024 }), (e: EngineError) => {
        assert.equal(e.code, "OUT_OF_MEMORY");
        assert.match(e.message, /need about .* of memory together, but only 1 MiB is available/);
        return true;
      });
    });
  });

  describe("presets", () => {
    it("offers a CPU and a GPU pair of one family", () => {
      assert.deepEqual(MODEL_PRESETS.map((p) => p.id), ["cpu", "gpu"]);
      for (const p of MODEL_PRESETS) assert.match(p.small + p.large, /^hf:.*Qwen2\.5-Coder.*hf:.*Qwen2\.5-Coder/);
      assert.equal(suggestedPreset(false, 16 * 2 ** 30).id, "cpu");
      // An 8 GB Mac cannot hold the GPU pair (about 9.5 GB) in its one memory.
      assert.equal(suggestedPreset(true, 8 * 2 ** 30).id, "cpu");
      // Lots of memory needs the cores to use it.
      assert.equal(suggestedPreset(false, 64 * 2 ** 30, 4).id, "cpu");
      assert.equal(suggestedPreset(false, 64 * 2 ** 30, 16).id, "gpu");
    });
  });

  describe("downloadModel (local hub)", () => {
    it("downloads a model URI into storage, verifies it and records it", async () => {
      const hub = await startFakeHub({ "test/Tiny-Coder-GGUF": fixtures.small });
      try {
        const storageDir = join(dir, "dl1");
        const progress: number[] = [];
        const path = await downloadModel("hf:test/Tiny-Coder-GGUF:Q8_0", {
          storageDir,
          huggingFaceEndpoint: hub.url,
          onProgress: (p) => progress.push(p.downloadedBytes),
        });
        assert.equal(statSync(path).size, statSync(fixtures.small).size);
        assert.equal(await downloadedPath(storageDir, "hf:test/Tiny-Coder-GGUF:Q8_0"), path);
        assert.ok(progress.length > 0);
        assert.ok(hub.requests.some((r) => r.startsWith("/v2/test/Tiny-Coder-GGUF/manifests/")));
        const r = await resolveModelSetting("hf:test/Tiny-Coder-GGUF:Q8_0", "small", { extensionRoot: repoRoot, storageDir });
        assert.equal(r.path, path);
      } finally {
        await hub.close();
      }
    });

    it("a cancelled download leaves no file and no record", async () => {
      const hub = await startFakeHub({ "test/Big-Coder-GGUF": fixtures.large }, { bytesPerSecond: 4 * 1024 * 1024 });
      try {
        const storageDir = join(dir, "dl2");
        const controller = new AbortController();
        const pending = downloadModel("hf:test/Big-Coder-GGUF:Q8_0", {
          storageDir,
          huggingFaceEndpoint: hub.url,
          signal: controller.signal,
          onProgress: (p) => {
            if (p.downloadedBytes > 1024 * 1024) controller.abort();
          },
        });
        await assert.rejects(pending, DownloadCancelled);
        assert.equal(await downloadedPath(storageDir, "hf:test/Big-Coder-GGUF:Q8_0"), undefined);
        const left = existsSync(storageDir) ? readdirSync(storageDir).filter((f) => f.endsWith(".gguf")) : [];
        assert.deepEqual(left, []);
      } finally {
        await hub.close();
      }
    });

    it("a missing repository gives a readable error", async () => {
      const hub = await startFakeHub({});
      try {
        await assert.rejects(
          downloadModel("hf:test/None-GGUF:Q8_0", { storageDir: join(dir, "dl3"), huggingFaceEndpoint: hub.url }),
          (e: EngineError) => e.code === "MODEL_MISSING" && /Cannot download hf:test\/None-GGUF:Q8_0/.test(e.message),
        );
      } finally {
        await hub.close();
      }
    });
  });
});
