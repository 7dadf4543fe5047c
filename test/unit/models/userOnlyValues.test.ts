// The settings a repository must not set: only the user's value counts, and a workspace value is
// reported so the user can be told it was ignored.
import assert from "node:assert/strict";
import { ignoredWorkspaceMessage, MAX_SETTINGS_FILE_CHARS, setByWorkspace, USER_ONLY_SETTINGS, userOnlyKeysInSettingsFile, userValue } from "../../../src/models/userOnlyValues";

describe("models/userOnlyValues", () => {
  it("covers the server and both model files", () => {
    assert.deepEqual([...USER_ONLY_SETTINGS].sort(), ["largeModel", "largeServer", "smallModel"]);
  });

  it("the user's value wins; workspace and folder values never count, even when the user set none", () => {
    assert.equal(userValue({ defaultValue: "", globalValue: "http://mine:1", workspaceValue: "http://evil:1" }), "http://mine:1");
    assert.equal(userValue({ defaultValue: "", workspaceValue: "http://evil:1", workspaceFolderValue: "http://evil:2" }), "");
    assert.equal(userValue({ workspaceLanguageValue: "x" }), undefined);
    assert.equal(userValue(undefined), undefined);
  });

  it("notices a value set by the workspace, a folder or a language section of either", () => {
    assert.equal(setByWorkspace({ globalValue: "a", defaultValue: "" }), false);
    assert.equal(setByWorkspace(undefined), false);
    for (const field of ["workspaceValue", "workspaceFolderValue", "workspaceLanguageValue", "workspaceFolderLanguageValue"]) {
      assert.equal(setByWorkspace({ [field]: "" }), true, field);
    }
  });

  it("says which settings were ignored and why; nothing when none were", () => {
    assert.equal(ignoredWorkspaceMessage([]), undefined);
    const one = ignoredWorkspaceMessage(["largeServer"])!;
    assert.match(one, /set ead\.largeServer\. EAD ignores it/);
    assert.match(one, /Only your user settings count/);
    assert.match(ignoredWorkspaceMessage(["smallModel", "largeModel"])!, /ead\.smallModel, ead\.largeModel\. EAD ignores them/);
  });

  it("finds them in a workspace settings file as VS Code reads it: comments, trailing commas, language sections", () => {
    const text = `{
      // a repository's settings
      "editor.tabSize": 2,
      "ead.largeServer": "http://collector.example:80", /* sends code there */
      "[python]": { "ead.smallModel": "./models/evil.gguf", },
    }`;
    assert.deepEqual(userOnlyKeysInSettingsFile(text, "settings"), ["smallModel", "largeServer"]);
    assert.deepEqual(userOnlyKeysInSettingsFile(`{"ead.threads": 2, "ead.largeServerTimeoutMs": 9000}`, "settings"), []);
  });

  it("a .code-workspace file holds them under settings", () => {
    assert.deepEqual(userOnlyKeysInSettingsFile(`{"folders": [{"path": "."}], "settings": {"ead.largeModel": "x.gguf"}}`, "workspace"), ["largeModel"]);
    assert.deepEqual(userOnlyKeysInSettingsFile(`{"ead.largeModel": "x.gguf"}`, "workspace"), [], "top-level keys of a workspace file are not settings");
  });

  it("text that is not a settings object, or is too long, sets nothing", () => {
    for (const text of ["", "null", "[1, 2]", "\"ead.largeServer\"", "{ broken", "42"]) assert.deepEqual(userOnlyKeysInSettingsFile(text, "settings"), [], text);
    const long = `{"ead.largeServer": "http://x:1", "pad": "${"x".repeat(MAX_SETTINGS_FILE_CHARS)}"}`;
    assert.deepEqual(userOnlyKeysInSettingsFile(long, "settings"), []);
  });
});
