// LM Studio's models folder where the user moved it: named by its settings.json or by LM Studio 0.3's
// home pointer, read from real files in a scratch home; anything malformed leaves the defaults alone.
import * as assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { findModelFiles } from "../../../../../src/engine/modelfiles/discovery";
import { lmStudioFolders } from "../../../../../src/engine/modelfiles/discovery/lmstudio";
import type { StoreEnv } from "../../../../../src/engine/modelfiles/discovery/types";

describe("engine/modelfiles/discovery: LM Studio's chosen models folder", () => {
  let dir: string;
  let n = 0;
  before(() => (dir = realpathSync(mkdtempSync(join(tmpdir(), "ead-lmstudio-")))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** A fresh home (and a folder beside it) per test. */
  const scratch = () => {
    const root = join(dir, String(n++));
    mkdirSync(join(root, "home"), { recursive: true });
    return { home: join(root, "home"), outside: join(root, "outside") };
  };
  const put = (path: string, text = "x") => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  };
  const settings = (path: string, downloadsFolder: unknown) => put(path, JSON.stringify({ theme: "dark", downloadsFolder }));
  const model = (folder: string, name = "m.gguf") => put(join(folder, "pub", "model", name));
  const machine = (home: string, more: Partial<StoreEnv> = {}): StoreEnv => ({ home, env: {}, platform: "linux", homeOnly: true, ...more });
  const found = async (e: StoreEnv) => (await findModelFiles({ ...e, sources: ["lmstudio"] })).map((f) => [f.name, f.path]).sort();
  const defaults = (home: string) => [join(home, ".lmstudio", "models"), join(home, ".cache", "lm-studio", "models")];

  it("scans the folder ~/.lmstudio/settings.json names, beside the defaults", async () => {
    const { home } = scratch();
    const custom = join(home, "big disk", "llm");
    settings(join(home, ".lmstudio", "settings.json"), custom);
    model(custom, "custom.gguf");
    model(join(home, ".lmstudio", "models"), "default.gguf");
    assert.deepEqual(await lmStudioFolders(machine(home)), [...defaults(home), custom]);
    assert.deepEqual(await found(machine(home)), [
      ["pub/model/custom.gguf", join(custom, "pub", "model", "custom.gguf")],
      ["pub/model/default.gguf", join(home, ".lmstudio", "models", "pub", "model", "default.gguf")],
    ]);
  });

  it("follows the home pointer to <home>/models and that home's settings.json", async () => {
    const { home } = scratch();
    const moved = join(home, "lmstudio-home");
    put(join(home, ".lmstudio-home-pointer"), `${moved}\n`);
    settings(join(moved, "settings.json"), join(home, "elsewhere"));
    model(join(moved, "models"), "pointed.gguf");
    assert.deepEqual(await lmStudioFolders(machine(home)), [...defaults(home), join(moved, "models"), join(home, "elsewhere")]);
    assert.deepEqual(await found(machine(home)), [["pub/model/pointed.gguf", join(moved, "models", "pub", "model", "pointed.gguf")]]);
  });

  it("reads the app-data settings.json of each OS, with APPDATA and XDG_CONFIG_HOME from the store environment only", async () => {
    const { home } = scratch();
    settings(join(home, ".config", "LM Studio", "settings.json"), join(home, "linux"));
    settings(join(home, "xdg", "LM Studio", "settings.json"), join(home, "xdg-models"));
    settings(join(home, "Library", "Application Support", "LM Studio", "settings.json"), join(home, "mac"));
    settings(join(home, "AppData", "Roaming", "LM Studio", "settings.json"), join(home, "win"));
    settings(join(home, "roaming", "LM Studio", "settings.json"), join(home, "win-env"));
    const last = async (e: StoreEnv) => (await lmStudioFolders(e)).slice(2);
    assert.deepEqual(await last(machine(home)), [join(home, "linux")]);
    assert.deepEqual(await last(machine(home, { env: { XDG_CONFIG_HOME: join(home, "xdg") } })), [join(home, "xdg-models")]);
    assert.deepEqual(await last(machine(home, { platform: "darwin" })), [join(home, "mac")]);
    assert.deepEqual(await last(machine(home, { platform: "win32" })), [join(home, "win")]);
    assert.deepEqual(await last(machine(home, { platform: "win32", env: { APPDATA: join(home, "roaming") } })), [join(home, "win-env")]);
  });

  it("ignores a malformed settings.json and still scans the defaults", async () => {
    const { home } = scratch();
    put(join(home, ".lmstudio", "settings.json"), '{"downloadsFolder": "/x", ');
    put(join(home, ".config", "LM Studio", "settings.json"), "null");
    model(join(home, ".cache", "lm-studio", "models"), "old.gguf");
    assert.deepEqual(await lmStudioFolders(machine(home)), defaults(home));
    assert.deepEqual(await found(machine(home)), [["pub/model/old.gguf", join(home, ".cache", "lm-studio", "models", "pub", "model", "old.gguf")]]);
  });

  it("ignores relative paths, values that are not strings, an oversized file and a folder for a settings file", async () => {
    const { home } = scratch();
    settings(join(home, ".lmstudio", "settings.json"), "relative/models");
    settings(join(home, ".config", "LM Studio", "settings.json"), ["/a"]);
    put(join(home, ".lmstudio-home-pointer"), "lmstudio-home");
    model(join(home, "relative", "models"));
    assert.deepEqual(await lmStudioFolders(machine(home)), defaults(home));
    assert.deepEqual(await found(machine(home)), []);
    put(join(home, ".lmstudio", "settings.json"), JSON.stringify({ downloadsFolder: join(home, "big"), pad: "x".repeat(2 << 20) }));
    mkdirSync(join(home, "Library", "Application Support", "LM Studio", "settings.json"), { recursive: true });
    assert.deepEqual(await lmStudioFolders(machine(home, { platform: "darwin" })), defaults(home));
  });

  it("expands a leading ~ and lists a folder named twice once", async () => {
    const { home } = scratch();
    settings(join(home, ".lmstudio", "settings.json"), "~/models/");
    settings(join(home, ".config", "LM Studio", "settings.json"), join(home, "models"));
    put(join(home, ".lmstudio-home-pointer"), "~/.lmstudio");
    assert.deepEqual(await lmStudioFolders(machine(home)), [...defaults(home), join(home, "models")]);
  });

  it("with --home, reads and names nothing outside the home folder", async () => {
    const { home, outside } = scratch();
    settings(join(home, ".lmstudio", "settings.json"), join(outside, "models"));
    put(join(home, ".lmstudio-home-pointer"), outside);
    settings(join(outside, "settings.json"), join(outside, "more"));
    settings(join(outside, "LM Studio", "settings.json"), join(home, "from-outside"));
    model(join(outside, "models"));
    assert.deepEqual(await lmStudioFolders(machine(home, { env: { XDG_CONFIG_HOME: outside } })), defaults(home));
    assert.deepEqual(await found(machine(home)), []);
    // The editor's own machine (no --home) takes them.
    const all = await lmStudioFolders(machine(home, { homeOnly: false, env: { XDG_CONFIG_HOME: outside } }));
    assert.deepEqual(all, [...defaults(home), join(outside, "models"), join(home, "from-outside"), join(outside, "more")]);
  });
});
