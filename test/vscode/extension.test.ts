// Runs inside code-server's extension host (see scripts/code-server-test-host.mjs).
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { COMMANDS, notImplemented } from "../../src/commands";

const EXTENSION_ID = "ead-complete.ead-complete";

describe("EAD Complete in VS Code", function () {
  this.timeout(120_000);

  before(function () {
    console.log(
      `VS Code ${vscode.version} (${vscode.env.appName}), uiKind ${vscode.UIKind[vscode.env.uiKind]}, ` +
        `remoteName ${vscode.env.remoteName ?? "none"}, Node ${process.version}, ` +
        `electron ${process.versions.electron ?? "none"}`,
    );
  });

  it("runs in VS Code for the browser with a Node extension host", function () {
    assert.equal(vscode.env.uiKind, vscode.UIKind.Web, "the harness should run the workbench in a browser");
    assert.equal(process.versions.electron, undefined);
  });

  it("activates", async function () {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it("keeps behaviour-changing hooks out of the read-only API, and hands them out in test mode only", async function () {
    const api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as { completions: object; testHooks?: object };
    for (const hook of ["setHubEndpoint", "setPrefetch"]) {
      assert.equal(hook in api.completions, false, `${hook} is in the API every extension gets`);
      // This suite runs with --extensionTestsPath, which is VS Code's ExtensionMode.Test.
      assert.equal(typeof (api.testHooks as Record<string, unknown> | undefined)?.[hook], "function", `${hook} in test mode`);
    }
  });

  it("registers every command it contributes", async function () {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    await ext.activate();
    const contributed: string[] = ext.packageJSON.contributes.commands.map((c: { command: string }) => c.command);
    assert.ok(contributed.length >= 6, "package.json should contribute the product's commands");
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `commands contributed but not registered: ${missing.join(", ")}`);
  });

  it("contributes its settings with their defaults", function () {
    const config = vscode.workspace.getConfiguration("ead");
    assert.equal(config.get("threshold"), 5.4);
    assert.equal(config.get("window"), 32);
    assert.equal(config.get("switching"), "budget");
    assert.equal(config.get("largeShareTarget"), 0.3);
    assert.equal(config.get("mode"), "ead");
    // The suites pin ead.threads in user settings; the contributed default is automatic (0).
    assert.equal(config.inspect("threads")?.defaultValue, 0);
    assert.equal(config.get("maxTokens"), 64);
  });

  it("loads node-llama-cpp with a real import() and gets a CPU binary", async function () {
    const { getLlama } = await import("node-llama-cpp");
    const t0 = Date.now();
    const llama = await getLlama({ gpu: false, build: "never", maxThreads: 1 });
    try {
      console.log(`node-llama-cpp: gpu=${llama.gpu} buildType=${llama.buildType} in ${Date.now() - t0} ms`);
      assert.equal(llama.gpu, false);
    } finally {
      await llama.dispose();
    }
  });
});

describe("commands not implemented yet", function () {
  it("tell the user instead of failing silently", async function () {
    const window = vscode.window as { showInformationMessage: (...args: unknown[]) => unknown };
    const original = window.showInformationMessage;
    const shown: string[] = [];
    const logged: string[] = [];
    const log = { info: (m: string) => logged.push(m) } as unknown as vscode.LogOutputChannel;
    try {
      window.showInformationMessage = (message: unknown) => {
        shown.push(String(message));
        return Promise.resolve(undefined);
      };
      assert.notEqual(window.showInformationMessage, original, "the window API object should be patchable to observe the message");
      await notImplemented({ id: "ead.example", title: "Example feature" }, log)();
    } finally {
      window.showInformationMessage = original;
    }
    assert.deepEqual(shown, ["EAD: Example feature is not implemented yet."]);
    assert.deepEqual(logged, ["command ead.example: not implemented yet"]);
  });

  it("COMMANDS lists exactly the commands in package.json", function () {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const contributed = ext.packageJSON.contributes.commands.map((c: { command: string; title: string }) => [c.command, c.title]);
    assert.deepEqual(contributed, COMMANDS.map((c) => [c.id, c.title]));
  });
});
