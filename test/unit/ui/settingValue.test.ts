import assert from "node:assert/strict";
import { inheritedValue, valueToWrite } from "../../../src/ui/settingValue";

describe("ui/settingValue", () => {
  it("choosing the default in user settings removes the key instead of writing it", () => {
    assert.equal(valueToWrite("ead", { defaultValue: "ead", globalValue: "large" }, "user"), undefined);
    assert.equal(valueToWrite(5.4, { defaultValue: 5.4 }, "user"), undefined);
    assert.equal(valueToWrite(["markdown", "plaintext"], { defaultValue: ["markdown", "plaintext"] }, "user"), undefined);
  });

  it("any other value is written as it is", () => {
    assert.equal(valueToWrite("large", { defaultValue: "ead" }, "user"), "large");
    assert.deepEqual(valueToWrite(["markdown"], { defaultValue: ["markdown", "plaintext"] }, "user"), ["markdown"]);
    assert.equal(valueToWrite(false, { defaultValue: true }, "user"), false);
  });

  it("a workspace value is removed only when the user's value (or the default) gives the same", () => {
    // The user chose "large"; the workspace says "small"; picking the default "ead" must keep "ead" in force.
    assert.equal(valueToWrite("ead", { defaultValue: "ead", globalValue: "large", workspaceValue: "small" }, "workspace"), "ead");
    assert.equal(valueToWrite("large", { defaultValue: "ead", globalValue: "large", workspaceValue: "small" }, "workspace"), undefined);
    assert.equal(inheritedValue({ defaultValue: 1, globalValue: 2, workspaceValue: 3 }, "workspaceFolder"), 3);
    assert.equal(inheritedValue({ defaultValue: 1, globalValue: 2 }, "workspace"), 2);
    assert.equal(inheritedValue({ defaultValue: 1, globalValue: 2 }, "user"), 1);
  });

  it("a reset stays a reset", () => {
    assert.equal(valueToWrite(undefined, { defaultValue: 1 }, "user"), undefined);
  });
});
