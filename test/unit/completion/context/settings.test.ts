import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { checkContextSettings, CONTEXT_LIMITS, contextOn } from "../../../../src/completion/context/settings";
import { checkEditorSettings } from "../../../../src/completion/settingsCheck";

describe("completion/context/settings", () => {
  it("defaults: on, 1024 tokens", () => {
    const warnings: string[] = [];
    assert.deepEqual(checkContextSettings(() => undefined, warnings), { enabled: true, maxTokens: 1024 });
    assert.deepEqual(warnings, []);
  });

  it("clamps the bound and falls back on wrong types, naming the setting", () => {
    const read = (values: Record<string, unknown>) => {
      const warnings: string[] = [];
      return { settings: checkContextSettings((k) => values[k], warnings), warnings };
    };
    assert.deepEqual(read({ "context.maxTokens": 99999 }).settings.maxTokens, 8192);
    assert.match(read({ "context.maxTokens": 99999 }).warnings[0], /ead\.context\.maxTokens 99999 is outside 0\.\.8192; using 8192/);
    assert.equal(read({ "context.maxTokens": -5 }).settings.maxTokens, 0);
    assert.equal(read({ "context.maxTokens": "lots" }).settings.maxTokens, 1024);
    assert.match(read({ "context.enabled": "yes" }).warnings[0], /ead\.context\.enabled must be true or false/);
    assert.equal(contextOn({ enabled: true, maxTokens: 0 }), false, "0 tokens is off");
    assert.equal(contextOn({ enabled: false, maxTokens: 1024 }), false);
  });

  it("is read with the other editor settings", () => {
    const { settings, warnings } = checkEditorSettings((k) => ({ "context.enabled": false, "context.maxTokens": 512 })[k]);
    assert.deepEqual(settings.context, { enabled: false, maxTokens: 512 });
    assert.deepEqual(warnings, []);
  });

  it("package.json declares them with the table's range and default, in their own section", () => {
    const pkg = JSON.parse(readFileSync(join(process.cwd(), "package.json"), "utf8"));
    const section = [pkg.contributes.configuration].flat().find((s: { id?: string }) => s.id === "ead.context");
    assert.ok(section, "an ead.context section");
    const max = section.properties["ead.context.maxTokens"];
    const limit = CONTEXT_LIMITS.maxTokens;
    assert.deepEqual({ type: max.type, minimum: max.minimum, maximum: max.maximum, default: max.default }, { type: "integer", minimum: limit.min, maximum: limit.max, default: limit.default });
    assert.equal(section.properties["ead.context.enabled"].default, true);
  });
});
