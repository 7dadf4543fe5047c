// `ead models --home DIR --json` on stores laid out as Ollama, the Hugging Face cache and LM Studio lay
// them out, built from the fixture pair: real files, real header reading, the real CLI.
import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { cliPath, fixtures } from "../helpers/fixtures";
import { rewriteGguf } from "../helpers/ggufRewrite";

const run = promisify(execFile);

interface Listed {
  models: { path: string; source: string; name: string; family: string; params: number; vocabSize: number; fim: boolean }[];
  pairs: { small: string; large: string }[];
  unpaired: { path: string; reason: string }[];
}

function put(path: string, from: string): void {
  mkdirSync(dirname(path), { recursive: true });
  copyFileSync(from, path);
}

describe("ead models: GGUF files already on the machine", function () {
  this.timeout(120_000);
  let home: string;
  let scratch: string;
  const paths: Record<string, string> = {};

  before(() => {
    home = mkdtempSync(join(tmpdir(), "ead-home-"));
    scratch = mkdtempSync(join(tmpdir(), "ead-scratch-"));
    // Ollama: a manifest naming the model layer's digest, the file under blobs/sha256-<hex>.
    const ollama = join(home, ".ollama", "models");
    const digest = createHash("sha256").update(readFileSync(fixtures.small)).digest("hex");
    paths.ollama = join(ollama, "blobs", `sha256-${digest}`);
    put(paths.ollama, fixtures.small);
    const manifest = join(ollama, "manifests", "registry.ollama.ai", "library", "ead-fixture", "small");
    mkdirSync(dirname(manifest), { recursive: true });
    writeFileSync(
      manifest,
      JSON.stringify({
        schemaVersion: 2,
        config: { mediaType: "application/vnd.docker.container.image.v1+json", digest: "sha256:" + "0".repeat(64) },
        layers: [{ mediaType: "application/vnd.ollama.image.model", digest: `sha256:${digest}`, size: 1 }, { mediaType: "application/vnd.ollama.image.params", digest: "sha256:" + "1".repeat(64) }],
      }),
    );
    // The Hugging Face cache: the snapshot's file is a link into the repo's blobs.
    const repo = join(home, ".cache", "huggingface", "hub", "models--ead--fixture-large");
    put(join(repo, "blobs", "abc123"), fixtures.large);
    paths.huggingface = join(repo, "snapshots", "0123abcd", "large.gguf");
    mkdirSync(dirname(paths.huggingface), { recursive: true });
    symlinkSync(join("..", "..", "blobs", "abc123"), paths.huggingface);
    // LM Studio: publisher/model/file.gguf. A chat model without FIM tokens and a model of another vocabulary.
    paths.noFim = join(home, ".lmstudio", "models", "ead", "fixture-chat", "chat.gguf");
    mkdirSync(dirname(paths.noFim), { recursive: true });
    const fimKeys = ["pre", "suf", "mid", "pad", "rep", "sep"].map((k) => `tokenizer.ggml.fim_${k}_token_id`);
    rewriteGguf(fixtures.small, paths.noFim, { remove: fimKeys, renameTokens: { 4090: "<|a|>", 4091: "<|b|>", 4092: "<|c|>" } });
    paths.otherVocab = join(home, ".lmstudio", "models", "ead", "fixture-other", "other.gguf");
    mkdirSync(dirname(paths.otherVocab), { recursive: true });
    rewriteGguf(fixtures.small, paths.otherVocab, { renameTokens: { 100: "not-the-same-token" } });
    // A link leaving the store is not followed, and a file outside every store is not read.
    put(join(scratch, "outside.gguf"), fixtures.small);
    symlinkSync(join(scratch, "outside.gguf"), join(home, ".lmstudio", "models", "ead", "fixture-other", "escape.gguf"));
    put(join(home, "Downloads", "loose.gguf"), fixtures.small);
  });

  after(() => {
    rmSync(home, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  it("lists the files with their store names and header facts, and pairs the fixture small with the fixture large", async () => {
    const { stdout } = await run(process.execPath, [cliPath, "models", "--home", home, "--json"], {
      // --home unsets the overrides: these must not be read.
      env: { ...process.env, OLLAMA_MODELS: scratch, HF_HOME: scratch, HF_HUB_CACHE: scratch, LLAMA_CACHE: scratch },
    });
    const listed = JSON.parse(stdout) as Listed;
    const byName = new Map(listed.models.map((m) => [m.name, m]));
    assert.deepEqual([...byName.keys()].sort(), ["ead-fixture:small", "ead/fixture-chat/chat.gguf", "ead/fixture-large/large.gguf", "ead/fixture-other/other.gguf"]);
    assert.deepEqual(
      listed.models.map((m) => [m.name, m.source, m.path]).sort(),
      [
        ["ead-fixture:small", "ollama", paths.ollama],
        ["ead/fixture-chat/chat.gguf", "lmstudio", paths.noFim],
        ["ead/fixture-large/large.gguf", "huggingface", paths.huggingface],
        ["ead/fixture-other/other.gguf", "lmstudio", paths.otherVocab],
      ].sort(),
    );
    const small = byName.get("ead-fixture:small")!;
    assert.equal(small.family, "llama");
    assert.equal(small.vocabSize, 4096);
    assert.equal(small.fim, true);
    assert.ok(small.params > 1e6 && small.params < 2e6, `small params ${small.params}`);
    assert.ok(byName.get("ead/fixture-large/large.gguf")!.params > 10e6);
    assert.equal(byName.get("ead/fixture-chat/chat.gguf")!.fim, false);
    // The only pair: the FIM-less and the other-vocabulary file are listed but never paired.
    assert.deepEqual(listed.pairs, [{ small: paths.ollama, large: paths.huggingface }]);
    const reason = (path: string) => listed.unpaired.find((u) => u.path === path)?.reason ?? "";
    assert.match(reason(paths.noFim), /no fill-in-the-middle tokens/);
    assert.match(reason(paths.otherVocab), /token 100 differs/);
  });

  it("--source keeps only the stores named, --memory-mb bounds the pairs, and a wrong value is a usage error", async () => {
    const json = async (...args: string[]) => JSON.parse((await run(process.execPath, [cliPath, "models", "--home", home, "--json", ...args])).stdout) as Listed;
    const lmstudio = await json("--source", "lmstudio");
    assert.deepEqual([...new Set(lmstudio.models.map((m) => m.source))], ["lmstudio"]);
    // The fixture pair needs its files plus the working memory (about 536 MiB): 100 MiB is too little.
    const tight = await json("--memory-mb", "100");
    assert.deepEqual(tight.pairs, []);
    assert.match(tight.unpaired.find((u) => u.path === paths.ollama)!.reason, /needs about .* of memory/);
    await assert.rejects(run(process.execPath, [cliPath, "models", "--home", home, "--source", "ollama,nope"]), (e: { code: number; stderr: string }) => e.code === 2 && /unknown store "nope"/.test(e.stderr));
  });

  it("prints the same as text, and names an empty machine", async () => {
    const { stdout } = await run(process.execPath, [cliPath, "models", "--home", home]);
    assert.match(stdout, /4 model file\(s\):/);
    assert.match(stdout, /small ead-fixture:small \+ large ead\/fixture-large\/large\.gguf/);
    assert.match(stdout, /ead\/fixture-chat\/chat\.gguf: no fill-in-the-middle tokens/);
    const empty = mkdtempSync(join(tmpdir(), "ead-empty-home-"));
    try {
      const { stdout: none } = await run(process.execPath, [cliPath, "models", "--home", empty, "--json"]);
      assert.deepEqual(JSON.parse(none), { models: [], pairs: [], unpaired: [], unreadable: [] });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
