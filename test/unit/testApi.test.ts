// activate()'s return value: the test API exists under the extension's tests only; other extensions
// get nothing (checked on the function and on how extension.ts uses it).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { apiInTestModeOnly } from "../../src/testApi";
import { repoRoot } from "./helpers/fixtures";

describe("testApi", () => {
  it("builds the API in test mode only; outside it, nothing is built or returned", () => {
    let built = 0;
    const make = () => ({ reload: () => ++built });
    assert.equal(apiInTestModeOnly(false, make), undefined);
    assert.equal(built, 0);
    const api = apiInTestModeOnly(true, make);
    assert.equal(typeof api?.reload, "function");
  });

  it("activate() returns only through apiInTestModeOnly, keyed on ExtensionMode.Test", () => {
    const source = readFileSync(join(repoRoot, "src", "extension.ts"), "utf8");
    const body = source.slice(source.indexOf("export function activate("), source.indexOf("export function deactivate("));
    const returns = body.match(/\breturn\b[^;]*;/g) ?? [];
    assert.ok(returns.length >= 1, "activate returns something");
    for (const r of returns) assert.match(r, /^return apiInTestModeOnly\(context\.extensionMode === vscode\.ExtensionMode\.Test,/, r);
  });
});
