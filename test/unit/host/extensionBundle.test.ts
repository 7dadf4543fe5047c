// The extension host never loads llama.cpp: node-llama-cpp (native code, a crash takes every extension
// down) is used only in the engine process. Checked on the import graph esbuild resolves for the
// extension entry, and on the built bundle.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as esbuild from "esbuild";
import { repoRoot } from "../helpers/fixtures";

describe("extension bundle", function () {
  this.timeout(60_000);

  it("the extension entry's import graph reaches no node-llama-cpp import", async () => {
    const result = await esbuild.build({
      entryPoints: [join(repoRoot, "src", "extension.ts")],
      bundle: true,
      write: false,
      metafile: true,
      platform: "node",
      format: "cjs",
      outfile: "extension.js",
      external: ["vscode", "node-llama-cpp"],
      logLevel: "silent",
    });
    const imports = Object.values(result.metafile.outputs).flatMap((o) => o.imports);
    const llama = imports.filter((i) => i.path.startsWith("node-llama-cpp"));
    // Which of our files bring it in, to name in the failure.
    const culprits = Object.entries(result.metafile.inputs)
      .filter(([, input]) => input.imports.some((i) => i.path.startsWith("node-llama-cpp")))
      .map(([path]) => path);
    assert.deepEqual(llama, [], `node-llama-cpp is imported by ${culprits.join(", ")}`);
    assert.ok(Object.keys(result.metafile.inputs).some((p) => p.endsWith("src/host/engineClient.ts")), "the graph was read");
  });

  it("dist/extension.js does not mention node-llama-cpp in a require or import", () => {
    const bundle = readFileSync(join(repoRoot, "dist", "extension.js"), "utf8");
    assert.doesNotMatch(bundle, /(require|import)\(\s*["']node-llama-cpp/);
    assert.match(bundle, /engine-host/, "the bundle is the extension's");
  });
});
