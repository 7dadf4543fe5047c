// The settings read as load options: a value a settings file got wrong counts as the default.
import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_TOKEN_HEALING, TOKEN_HEALING_VALUES } from "../../../src/engine/tokenHealing";
import { tokenHealingSetting } from "../../../src/models/loadOptions";

describe("models/loadOptions", () => {
  it("ead.tokenHealing: each listed value as given, anything else as the engine's default", () => {
    for (const value of TOKEN_HEALING_VALUES) assert.equal(tokenHealingSetting(value), value);
    for (const value of [undefined, true, "ON", "always", 1]) assert.equal(tokenHealingSetting(value), DEFAULT_TOKEN_HEALING, String(value));
  });

  it("ead.tokenHealing's declared values and default are the engine's", () => {
    const manifest = JSON.parse(readFileSync(join(process.cwd(), "package.json"), "utf8"));
    const groups: { properties: Record<string, { enum?: string[]; default?: unknown }> }[] = manifest.contributes.configuration;
    const setting = groups.map((g) => g.properties["ead.tokenHealing"]).find(Boolean);
    assert.ok(setting, "ead.tokenHealing is declared");
    assert.deepEqual([...setting.enum!].sort(), [...TOKEN_HEALING_VALUES].sort());
    assert.equal(setting.default, DEFAULT_TOKEN_HEALING);
  });
});
