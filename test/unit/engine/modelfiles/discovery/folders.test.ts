// Where each store is looked for, per OS and with the environment overrides (stubbed machines).
import * as assert from "node:assert/strict";
import { join } from "node:path";
import { huggingFaceFolders } from "../../../../../src/engine/modelfiles/discovery/huggingface";
import { storeEnv } from "../../../../../src/engine/modelfiles/discovery";
import { lmStudioFolders } from "../../../../../src/engine/modelfiles/discovery/lmstudio";
import { ollamaFolders, ollamaName } from "../../../../../src/engine/modelfiles/discovery/ollama";
import { downloadsFolders, llamaCppFolders, nodeLlamaCppFolders } from "../../../../../src/engine/modelfiles/discovery/plainFolders";
import type { StoreEnv } from "../../../../../src/engine/modelfiles/discovery/types";

const H = "/home/u";
const machine = (platform: NodeJS.Platform, env: StoreEnv["env"] = {}, homeOnly = false): StoreEnv => ({ home: H, env, platform, homeOnly });

describe("engine/modelfiles/discovery: store folders", () => {
  it("Ollama: OLLAMA_MODELS, else ~/.ollama/models, plus the Linux service's store unless --home", () => {
    assert.deepEqual(ollamaFolders(machine("darwin")), [join(H, ".ollama", "models")]);
    assert.deepEqual(ollamaFolders(machine("linux")), [join(H, ".ollama", "models"), "/usr/share/ollama/.ollama/models"]);
    assert.deepEqual(ollamaFolders(machine("linux", {}, true)), [join(H, ".ollama", "models")]);
    assert.deepEqual(ollamaFolders(machine("win32", { OLLAMA_MODELS: "/d/models" })), ["/d/models"]);
  });

  it("Ollama names: library models by name:tag, others with their namespace and registry", () => {
    assert.equal(ollamaName(join("registry.ollama.ai", "library", "qwen2.5-coder", "1.5b-base")), "qwen2.5-coder:1.5b-base");
    assert.equal(ollamaName(join("registry.ollama.ai", "someone", "coder", "latest")), "someone/coder:latest");
    assert.equal(ollamaName(join("hf.co", "Qwen", "Qwen2.5-Coder-7B-GGUF", "Q8_0")), "hf.co/Qwen/Qwen2.5-Coder-7B-GGUF:Q8_0");
    assert.equal(ollamaName("tag-only"), undefined);
  });

  it("Hugging Face: HF_HUB_CACHE, else HF_HOME/hub, else the XDG cache, else ~/.cache/huggingface/hub", () => {
    assert.deepEqual(huggingFaceFolders(machine("linux", { HF_HUB_CACHE: "/c", HF_HOME: "/h" })), ["/c"]);
    assert.deepEqual(huggingFaceFolders(machine("linux", { HF_HOME: "/h" })), [join("/h", "hub")]);
    assert.deepEqual(huggingFaceFolders(machine("linux", { XDG_CACHE_HOME: "/x" })), [join("/x", "huggingface", "hub")]);
    assert.deepEqual(huggingFaceFolders(machine("win32")), [join(H, ".cache", "huggingface", "hub")]);
  });

  it("llama.cpp: LLAMA_CACHE, else the OS cache folder its common.cpp uses", () => {
    assert.deepEqual(llamaCppFolders(machine("linux", { LLAMA_CACHE: "/l" })), ["/l"]);
    assert.deepEqual(llamaCppFolders(machine("linux")), [join(H, ".cache", "llama.cpp")]);
    assert.deepEqual(llamaCppFolders(machine("linux", { XDG_CACHE_HOME: "/x" })), [join("/x", "llama.cpp")]);
    assert.deepEqual(llamaCppFolders(machine("darwin")), [join(H, "Library", "Caches", "llama.cpp")]);
    assert.deepEqual(llamaCppFolders(machine("win32", { LOCALAPPDATA: "C:/Users/u/AppData/Local" })), [join("C:/Users/u/AppData/Local", "llama.cpp")]);
  });

  it("LM Studio, node-llama-cpp and our downloads", async () => {
    assert.deepEqual(await lmStudioFolders(machine("darwin")), [join(H, ".lmstudio", "models"), join(H, ".cache", "lm-studio", "models")]);
    assert.deepEqual(nodeLlamaCppFolders(machine("linux")), [join(H, ".node-llama-cpp", "models")]);
    assert.deepEqual(downloadsFolders({ ...machine("linux"), downloadsDir: "/storage" }), ["/storage"]);
    assert.ok(downloadsFolders(machine("darwin")).includes(join(H, "Library", "Application Support", "Code", "User", "globalStorage", "ead-complete.ead-complete")));
    assert.ok(downloadsFolders(machine("linux")).includes(join(H, ".local", "share", "code-server", "User", "globalStorage", "ead-complete.ead-complete")));
  });

  it("--home replaces the home folder and drops every override", () => {
    const before = process.env.OLLAMA_MODELS;
    process.env.OLLAMA_MODELS = "/somewhere";
    try {
      assert.equal(storeEnv().env.OLLAMA_MODELS, "/somewhere");
      const e = storeEnv({ home: "/fake" });
      assert.equal(e.home, "/fake");
      assert.deepEqual(Object.values(e.env).filter(Boolean), []);
      assert.equal(e.homeOnly, true);
    } finally {
      if (before === undefined) delete process.env.OLLAMA_MODELS;
      else process.env.OLLAMA_MODELS = before;
    }
  });
});
