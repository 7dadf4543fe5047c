// One .vsix per platform: each holds the extension, node-llama-cpp, and exactly the prebuilt binary
// packages meant for that platform (Metal on Apple silicon), and no model, source or test file.
// Builds every target with scripts/package-targets.mjs (binary packages of other platforms come from
// the package registry once, then from .cache/node-llama-cpp-prebuilt).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "../helpers/fixtures";

/** What each target must ship, written out here rather than read from the script. */
const EXPECTED: Record<string, string[]> = {
  "linux-x64": ["linux-x64", "linux-x64-vulkan"],
  "linux-arm64": ["linux-arm64"],
  "darwin-arm64": ["mac-arm64-metal"],
  "darwin-x64": ["mac-x64"],
  "win32-x64": ["win-x64", "win-x64-vulkan"],
};

interface Built {
  target: string;
  path: string;
  bytes: number;
}

describe("packaging: one .vsix per target", function () {
  this.timeout(30 * 60_000);
  let outDir: string;
  const built = new Map<string, Built>();

  before(() => {
    outDir = mkdtempSync(join(tmpdir(), "ead-vsix-"));
    const stdout = execFileSync(process.execPath, [join(repoRoot, "scripts", "package-targets.mjs"), "--out-dir", outDir], {
      cwd: repoRoot,
      encoding: "utf8",
      maxBuffer: 64 * 2 ** 20,
      stdio: ["ignore", "pipe", "inherit"],
    });
    for (const line of stdout.split("\n").filter(Boolean)) {
      const b = JSON.parse(line) as Built;
      built.set(b.target, b);
    }
  });
  after(() => rmSync(outDir, { recursive: true, force: true }));

  const files = (path: string) => execFileSync("unzip", ["-Z1", path], { encoding: "utf8", maxBuffer: 64 * 2 ** 20 }).split("\n").filter(Boolean);

  it("builds the five targets", () => {
    assert.deepEqual([...built.keys()].sort(), Object.keys(EXPECTED).sort());
  });

  for (const [target, binaries] of Object.entries(EXPECTED)) {
    it(`${target}: declares its target and ships its own binaries only, no model`, () => {
      const b = built.get(target);
      assert.ok(b, `no .vsix for ${target}`);
      const list = files(b.path);
      const manifest = execFileSync("unzip", ["-p", b.path, "extension.vsixmanifest"], { encoding: "utf8" });
      assert.match(manifest, new RegExp(`TargetPlatform="${target}"`));
      for (const f of ["extension/package.json", "extension/dist/extension.js", "extension/dist/engine-host.js", "extension/node_modules/node-llama-cpp/package.json", "extension/node_modules/fastest-levenshtein/package.json"]) {
        assert.ok(list.includes(f), `${target} lacks ${f}`);
      }
      const shipped = new Set(list.map((f) => /^extension\/node_modules\/@node-llama-cpp\/([^/]+)\//.exec(f)?.[1]).filter((n): n is string => n !== undefined));
      assert.deepEqual([...shipped].sort(), [...binaries].sort(), `binary packages in the ${target} .vsix`);
      for (const name of binaries) {
        const addon = `extension/node_modules/@node-llama-cpp/${name}/bins/${name}/llama-addon.node`;
        assert.ok(list.includes(addon), `${target} lacks ${addon}`);
      }
      if (target === "darwin-arm64") assert.ok(list.some((f) => /bins\/mac-arm64-metal\/.*metal/.test(f)), "the Apple silicon build carries Metal");
      const unwanted = list.filter((f) => /\.gguf$|^extension\/(src|test|scripts|out)\/|\.map$|gitRelease\.bundle|\/llama\/llama\.cpp\/|\.ts$/.test(f) && !f.endsWith(".d.ts"));
      assert.deepEqual(unwanted, [], `${target} ships files it should not`);
      console.log(`      ${target}: ${(b.bytes / 2 ** 20).toFixed(1)} MiB, ${list.length} files`);
    });
  }
});
