// The settings a repository must not set: only the user's value counts, and a workspace value is
// reported so the user can be told it was ignored.
import assert from "node:assert/strict";
import { ignoredWorkspaceMessage, setByWorkspace, USER_ONLY_SETTINGS, userValue } from "../../../src/models/userOnlyValues";

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
});
