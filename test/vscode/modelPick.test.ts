// "EAD: Select model files" without arguments: the pairs found among the models already on the machine
// are offered first. A machine is laid out in a temporary home folder (LM Studio's models folder holding
// a copy of the fixture pair); the quick pick is driven with VS Code's own accept command.
import * as assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as vscode from "vscode";
import type { TestHooks } from "../../src/completion/testHooks";
import type { CompletionTestingApi } from "../../src/wiring/wireExtension";
import { fixturePair } from "../../src/engine/modelfiles/fixturePair";

const EXTENSION_ID = "ead-complete.ead-complete";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("EAD: Select model files with models found on the machine", function () {
  this.timeout(180_000);
  const global = vscode.ConfigurationTarget.Global;
  const ead = () => vscode.workspace.getConfiguration("ead");

  it("offers the pair found in LM Studio's folder; accepting it saves the small and the large file and loads them", async function () {
    const ext = vscode.extensions.getExtension<{ completions: CompletionTestingApi; testHooks?: TestHooks }>(EXTENSION_ID)!;
    const api = await ext.activate();
    assert.ok(api.testHooks, "the extension exposes its test hooks when VS Code runs its tests");
    const pair = fixturePair(ext.extensionPath);
    const home = mkdtempSync(join(tmpdir(), "ead-home-"));
    const folder = join(home, ".lmstudio", "models", "fixture-publisher", "fixture-pair");
    mkdirSync(folder, { recursive: true });
    copyFileSync(pair.small, join(folder, "small.gguf"));
    copyFileSync(pair.large, join(folder, "large.gguf"));
    const before = { small: ead().get<string>("smallModel"), large: ead().get<string>("largeModel") };
    api.testHooks.setModelStoreHome(home);
    try {
      let settled = false;
      const selected = Promise.resolve(vscode.commands.executeCommand<boolean>("ead.selectModels")).finally(() => (settled = true));
      // The quick pick opens once the engine process has listed the models; until then accepting does nothing.
      const end = Date.now() + 60_000;
      while (!settled && Date.now() < end) {
        await vscode.commands.executeCommand("workbench.action.acceptSelectedQuickOpenItem");
        await sleep(300);
      }
      assert.ok(settled, "EAD: Select model files finished after its first choice was accepted (within 60 s)");
      assert.equal(await selected, true, "the first choice (the best pair found) was taken and saved");
      const small = ead().get<string>("smallModel")!;
      const large = ead().get<string>("largeModel")!;
      // Found in the laid-out home, or among the extension's own downloads (the download test's copy).
      const found = [folder, api.completions.storageDir()].some((dir) => small.startsWith(dir) && large.startsWith(dir));
      assert.ok(found, `a pair found on the machine was saved: ${small} + ${large}`);
      assert.ok(existsSync(small) && existsSync(large));
      // Each role got the right model: the small file is the fixture small model, the large the large one.
      assert.equal(statSync(small).size, statSync(pair.small).size, `the small role holds the small model: ${small}`);
      assert.equal(statSync(large).size, statSync(pair.large).size, `the large role holds the large model: ${large}`);
      assert.equal(await api.completions.whenLoaded(), true, `the chosen pair loads: ${api.completions.problem()}`);
    } finally {
      api.testHooks.setModelStoreHome(undefined);
      await ead().update("smallModel", before.small, global);
      await ead().update("largeModel", before.large, global);
      await api.completions.whenLoaded();
      rmSync(home, { recursive: true, force: true });
    }
  });
});
