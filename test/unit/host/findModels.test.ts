// The editor asks the engine process for the models on the machine: a real engine process, a real
// downloads folder holding a copy of the fixture pair.
import * as assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EngineClient } from "../../../src/host/engineClient";
import { fixtures, hostScript } from "../helpers/fixtures";

describe("engine process: findModels", function () {
  this.timeout(60_000);
  let client: EngineClient | undefined;
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "ead-downloads-"));
    copyFileSync(fixtures.small, join(dir, "small.gguf"));
    copyFileSync(fixtures.large, join(dir, "large.gguf"));
  });
  after(async () => {
    await client?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("lists our downloads with their facts and proposes them as a pair", async () => {
    client = new EngineClient({ hostScript });
    const catalog = await client.findModels({ downloadsDir: dir });
    const ours = catalog.models.filter((m) => m.source === "downloads").map((m) => m.name).sort();
    assert.deepEqual(ours, ["large.gguf", "small.gguf"]);
    assert.ok(catalog.pairs.some((p) => p.small === join(dir, "small.gguf") && p.large === join(dir, "large.gguf")));
    // A memory limit (ead.memoryBudgetMB) below the pair's needs leaves it out, with the reason.
    const tight = await client.findModels({ downloadsDir: dir, availableBytes: 100 * 2 ** 20 });
    assert.equal(tight.pairs.some((p) => p.small === join(dir, "small.gguf")), false);
    assert.match(tight.unpaired.find((u) => u.path === join(dir, "small.gguf"))?.reason ?? "", /100 MiB|0\.1 GiB is available/);
  });

  it("with `home`, that folder stands for the home folder: its stores are read, and only them", async () => {
    const home = mkdtempSync(join(tmpdir(), "ead-home-"));
    try {
      const lmStudio = join(home, ".lmstudio", "models", "publisher", "pair");
      mkdirSync(lmStudio, { recursive: true });
      copyFileSync(fixtures.small, join(lmStudio, "small.gguf"));
      copyFileSync(fixtures.large, join(lmStudio, "large.gguf"));
      client ??= new EngineClient({ hostScript });
      const catalog = await client.findModels({ home });
      assert.deepEqual(catalog.models.map((m) => `${m.source}:${m.name}`).sort(), ["lmstudio:publisher/pair/large.gguf", "lmstudio:publisher/pair/small.gguf"]);
      assert.deepEqual(catalog.pairs.map((p) => [p.small, p.large]), [[join(lmStudio, "small.gguf"), join(lmStudio, "large.gguf")]]);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
