#!/usr/bin/env node
// Builds one .vsix per platform (`vsce package --target`), each holding node-llama-cpp with only the
// prebuilt binaries for that platform (the @node-llama-cpp/* packages at node-llama-cpp's version).
// Packages not installed here are fetched once with `npm pack` into .cache/node-llama-cpp-prebuilt.
//
//   node scripts/package-targets.mjs                       # every target into .cache/vsix/
//   node scripts/package-targets.mjs --target linux-x64 --out /tmp/x.vsix
//   node scripts/package-targets.mjs --out-dir /tmp/vsix
//   node scripts/package-targets.mjs --list                # targets and their binary packages, as JSON
//
// Prints one JSON line per .vsix: { target, path, bytes, files }. Needs `npm run build` first.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * The binary packages each target ships. CPU everywhere; Metal on Apple silicon; Vulkan (any GPU
 * vendor, about 25 MB zipped) on Linux and Windows x64. CUDA builds (180-540 MB unpacked, and a CUDA
 * runtime on the machine) are left out for size.
 */
export const TARGETS = {
  "linux-x64": ["linux-x64", "linux-x64-vulkan"],
  "linux-arm64": ["linux-arm64"],
  "darwin-arm64": ["mac-arm64-metal"],
  "darwin-x64": ["mac-x64"],
  "win32-x64": ["win-x64", "win-x64-vulkan"],
};

// What the staging folder gets from the repository (the .vscodeignore there trims it further).
const COPIED = ["package.json", "README.md", "LICENSE", ".vscodeignore", "dist", "media"];

const log = (m) => console.error(`[package-targets] ${m}`);

function run(cmd, args, cwd) {
  const res = spawnSync(cmd, args, { cwd, encoding: "utf8", maxBuffer: 64 * 2 ** 20 });
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${res.status}):\n${res.stdout}\n${res.stderr}`);
  return res.stdout;
}

/**
 * Production dependency folders (absolute), outermost first, without the @node-llama-cpp binaries and
 * without packages installed here that package.json does not ask for (extraneous).
 */
function productionPackages() {
  const tree = JSON.parse(run("npm", ["ls", "--omit=dev", "--all", "--long", "--json"], ROOT));
  // npm lists a package shared by several dependents once in full and elsewhere as a stub: index
  // the full entries (wherever they are) by name and version.
  const full = new Map();
  const index = (node) => {
    for (const [name, dep] of Object.entries(node.dependencies ?? {})) {
      if (dep.path && dep.dependencies !== undefined) full.set(`${name}@${dep.version}`, dep);
      else if (dep.path && !full.has(`${name}@${dep.version}`)) full.set(`${name}@${dep.version}`, dep);
      index(dep);
    }
  };
  index(tree);
  const paths = new Set();
  const walk = (node) => {
    for (const [name, stub] of Object.entries(node.dependencies ?? {})) {
      if (stub.extraneous || name.startsWith("@node-llama-cpp/")) continue;
      const dep = full.get(`${name}@${stub.version}`) ?? stub;
      // Optional packages for other platforms (not installed here) have no folder.
      if (!dep.path) continue;
      if (paths.has(dep.path)) continue;
      paths.add(dep.path);
      walk(dep);
    }
  };
  walk(tree);
  const out = [...paths].sort();
  // A nested package is copied with its parent.
  return out.filter((p, i) => !out.slice(0, i).some((q) => p.startsWith(q + sep)));
}

/** The binary package's folder: installed here, or unpacked from its (cached) npm tarball. */
function binaryPackage(name, version) {
  const installed = join(ROOT, "node_modules", "@node-llama-cpp", name);
  if (existsSync(join(installed, "package.json")) && JSON.parse(readFileSync(join(installed, "package.json"), "utf8")).version === version) return installed;
  const cache = join(ROOT, ".cache", "node-llama-cpp-prebuilt");
  const unpacked = join(cache, `${name}-${version}`);
  if (existsSync(join(unpacked, "package.json"))) return unpacked;
  mkdirSync(cache, { recursive: true });
  const tgz = join(cache, `node-llama-cpp-${name}-${version}.tgz`);
  if (!existsSync(tgz)) {
    log(`fetching @node-llama-cpp/${name}@${version}`);
    run("npm", ["pack", "--silent", `@node-llama-cpp/${name}@${version}`], cache);
  }
  const tmp = `${unpacked}.partial`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  run("tar", ["xzf", tgz, "-C", tmp, "--strip-components=1"], cache);
  cpSync(tmp, unpacked, { recursive: true });
  rmSync(tmp, { recursive: true, force: true });
  return unpacked;
}

function vsixFiles(path) {
  return run("unzip", ["-Z1", path], ROOT).split("\n").filter(Boolean);
}

/** Stages the extension and its production dependencies once, for every target packaged after. */
function stageCommon() {
  if (!existsSync(join(ROOT, "dist", "extension.js"))) throw new Error("dist/ is missing: run `npm run build` first");
  const stage = join(ROOT, ".cache", "package-targets", "stage");
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  for (const p of COPIED) if (existsSync(join(ROOT, p))) cpSync(join(ROOT, p), join(stage, p), { recursive: true });
  // dist/ is built already (here, from these sources): no prepublish build in the staging folder.
  const manifest = JSON.parse(readFileSync(join(stage, "package.json"), "utf8"));
  delete manifest.scripts["vscode:prepublish"];
  writeFileSync(join(stage, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
  for (const p of productionPackages()) cpSync(p, join(stage, relative(ROOT, p)), { recursive: true, dereference: true });
  return stage;
}

function packageTarget(stage, target, out) {
  const binaries = TARGETS[target];
  if (!binaries) throw new Error(`unknown target ${target}; one of ${Object.keys(TARGETS).join(", ")}`);
  const version = JSON.parse(readFileSync(join(stage, "node_modules", "node-llama-cpp", "package.json"), "utf8")).version;
  const t0 = Date.now();
  const binDir = join(stage, "node_modules", "@node-llama-cpp");
  rmSync(binDir, { recursive: true, force: true });
  for (const name of binaries) cpSync(binaryPackage(name, version), join(binDir, name), { recursive: true, dereference: true });
  mkdirSync(dirname(out), { recursive: true });
  rmSync(out, { force: true });
  run(process.execPath, [join(ROOT, "node_modules", "@vscode", "vsce", "vsce"), "package", "--target", target, "--no-rewrite-relative-links", "--out", out], stage);
  const files = vsixFiles(out);
  log(`${target}: ${out} (${(statSync(out).size / 2 ** 20).toFixed(1)} MiB, ${files.length} files) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return { target, path: out, bytes: statSync(out).size, files: files.length };
}

function main() {
  const { values } = parseArgs({ options: { target: { type: "string" }, out: { type: "string" }, "out-dir": { type: "string" }, list: { type: "boolean" } } });
  if (values.list) {
    console.log(JSON.stringify(TARGETS));
    return;
  }
  const targets = values.target ? values.target.split(",") : Object.keys(TARGETS);
  for (const t of targets) if (!TARGETS[t]) throw new Error(`unknown target ${t}; one of ${Object.keys(TARGETS).join(", ")}`);
  if (values.out && targets.length > 1) throw new Error("--out names one file: use it with a single --target, or --out-dir");
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  const outDir = resolve(values["out-dir"] ?? join(ROOT, ".cache", "vsix"));
  const stage = stageCommon();
  for (const target of targets) {
    const out = values.out ? resolve(values.out) : join(outDir, `${pkg.name}-${target}-${pkg.version}.vsix`);
    console.log(JSON.stringify(packageTarget(stage, target, out)));
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (error) {
    log(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
