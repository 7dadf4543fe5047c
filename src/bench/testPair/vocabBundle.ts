// Vocabulary-only GGUF files of real tokenizers (models/ggml-vocab-*.gguf), taken from the llama.cpp
// source that node-llama-cpp ships as a git bundle, once per llama.cpp commit, into the user's cache.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { dirname, join } from "node:path";

/** Names of the files this project uses (models/ggml-vocab-<name>.gguf). */
export type BundledVocab = "deepseek-coder" | "starcoder" | "llama-spm" | "gemma-4";

export function llamaCppBundlePath(): string {
  let pkg: string;
  try {
    // The package exports no package.json: its entry point is dist/index.js.
    pkg = dirname(createRequire(__filename).resolve("node-llama-cpp"));
  } catch {
    throw new Error("node-llama-cpp is not installed (run npm ci): its llama.cpp source holds the vocabularies test pairs are made with");
  }
  const bundle = join(dirname(pkg), "llama", "gitRelease.bundle");
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: reinstall node-llama-cpp (npm ci)`);
  return bundle;
}

function git(args: string[], encoding: "utf8"): string;
function git(args: string[]): Buffer;
function git(args: string[], encoding?: "utf8"): string | Buffer {
  try {
    return execFileSync("git", args, { encoding, maxBuffer: 1 << 26, stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: Buffer | string };
    if (e.code === "ENOENT") throw new Error("git is not installed: it is needed to read the vocabularies from node-llama-cpp's llama.cpp source");
    throw new Error(`git ${args[0]} failed: ${String(e.stderr ?? e.message).trim()}`);
  }
}

function cacheRoot(): string {
  return process.env.EAD_VOCAB_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "ead-complete", "vocab");
}

/** Path of models/ggml-vocab-<name>.gguf from the bundle, extracted into the cache on first use. */
export function bundledVocabPath(name: BundledVocab): string {
  const bundle = llamaCppBundlePath();
  const head = git(["bundle", "list-heads", bundle], "utf8").trim().split("\n")[0]?.split(" ")[0];
  if (!head || !/^[0-9a-f]{40}$/.test(head)) throw new Error(`${bundle} lists no commit`);
  const dir = join(cacheRoot(), head.slice(0, 12));
  const path = join(dir, `ggml-vocab-${name}.gguf`);
  if (existsSync(path)) return path;
  mkdirSync(dir, { recursive: true });
  const repo = mkdtempSync(join(dir, ".repo-"));
  try {
    git(["init", "--quiet", "--bare", repo]);
    git(["--git-dir", repo, "fetch", "--quiet", bundle, head]);
    const data = git(["--git-dir", repo, "cat-file", "blob", `${head}:models/ggml-vocab-${name}.gguf`]);
    const partial = `${path}.partial-${process.pid}`;
    writeFileSync(partial, data);
    renameSync(partial, path);
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
  return path;
}
