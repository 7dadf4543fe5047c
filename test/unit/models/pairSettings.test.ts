// Which setting changes reload the pair: every setting the load reads, ead.gpu included.
import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PAIR_SETTINGS, pairSettingsChanged } from "../../../src/models/pairSettings";

describe("models/pairSettings", () => {
  it("changing ead.gpu reloads the pair, as do the model, thread and memory settings", () => {
    for (const key of ["ead.gpu", "ead.smallModel", "ead.largeModel", "ead.threads", "ead.memoryBudgetMB", "ead.largeServer", "ead.tokenHealing"]) {
      assert.equal(pairSettingsChanged((k) => k === key), true, key);
    }
  });

  it("a decode or editor setting does not reload the pair", () => {
    for (const key of ["ead.threshold", "ead.window", "ead.enabled", "ead.debounceMs"]) assert.equal(pairSettingsChanged((k) => k === key), false, key);
  });

  it("covers every setting the model manager passes to the engine's load", () => {
    // The load's options come from config.get("<key>") and checkEditorSettings (threads, memoryBudgetMB, largeServerTimeoutMs).
    const source = readFileSync(join(process.cwd(), "src", "models", "manager.ts"), "utf8");
    const load = source.slice(source.indexOf("private async doLoad("), source.indexOf("private refuseServerSetting("));
    const read = new Set([...load.matchAll(/config\.get(?:<[^>]+>)?\("(\w+)"\)/g)].map((m) => `ead.${m[1]}`));
    for (const key of ["threads", "memoryBudgetMB", "largeServerTimeoutMs"]) read.add(`ead.${key}`);
    read.delete("ead.enabled");
    for (const key of read) assert.ok((PAIR_SETTINGS as readonly string[]).includes(key), `${key} is read by the load but does not reload the pair`);
  });
});
