import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { CONTEXT_LIMITS } from "../../../../src/completion/context/settings";
import { CONTEXT_KEYS, fieldsFromSchema, settingProperties, validateSettingsMessage, validateValue, type PanelField } from "../../../../src/ui/settings/panelModel";

const pkg = JSON.parse(readFileSync("package.json", "utf8"));
const fields: PanelField[] = fieldsFromSchema(settingProperties(pkg.contributes.configuration));
const field = (key: string) => fields.find((f) => f.key === key)!;

describe("ui/settings panel model: context from other files", () => {
  it("offers ead.context.enabled as a checkbox and ead.context.maxTokens as an integer with the setting's range", () => {
    assert.deepEqual(
      fields.filter((f) => f.key.startsWith("context.")).map((f) => f.key),
      [...CONTEXT_KEYS],
    );
    const enabled = field("context.enabled");
    assert.equal(enabled.kind, "boolean");
    assert.equal(enabled.default, true);
    const maxTokens = field("context.maxTokens");
    assert.ok(maxTokens.kind === "number");
    // The range VS Code's settings editor enforces is the one the editor's settings check clamps to.
    assert.deepEqual(
      { min: maxTokens.min, max: maxTokens.max, default: maxTokens.default, integer: maxTokens.integer, step: maxTokens.step },
      { min: CONTEXT_LIMITS.maxTokens.min, max: CONTEXT_LIMITS.maxTokens.max, default: CONTEXT_LIMITS.maxTokens.default, integer: true, step: 1 },
    );
    assert.ok(maxTokens.description.length > 0 && !maxTokens.description.includes("`"));
    // Links to other settings read as their names.
    assert.match(enabled.description, /that \.gitignore or files\.exclude leave out/);
  });

  it("validates context values: a boolean, an integer within 0..8192", () => {
    assert.deepEqual(validateValue(field("context.enabled"), false), { ok: true, value: false });
    assert.deepEqual(validateValue(field("context.maxTokens"), 0), { ok: true, value: 0 });
    assert.deepEqual(validateValue(field("context.maxTokens"), 8192), { ok: true, value: 8192 });
    const refused: [string, unknown, RegExp][] = [
      ["context.enabled", "true", /context\.enabled must be true or false/],
      ["context.enabled", 1, /context\.enabled must be true or false/],
      ["context.maxTokens", 8193, /context\.maxTokens must be within 0\.\.8192/],
      ["context.maxTokens", -1, /context\.maxTokens must be within 0\.\.8192/],
      ["context.maxTokens", 512.5, /context\.maxTokens must be an integer/],
      ["context.maxTokens", "1024", /context\.maxTokens must be a finite number/],
      ["context.maxTokens", Infinity, /context\.maxTokens must be a finite number/],
      ["context.maxTokens", null, /context\.maxTokens must be a finite number/],
    ];
    for (const [key, value, error] of refused) {
      const checked = validateValue(field(key), value);
      assert.equal(checked.ok, false, `${key} = ${JSON.stringify(value)}`);
      if (!checked.ok) assert.match(checked.error, error);
    }
  });

  it("settings messages for the context settings pass only with valid values and known fields", () => {
    const check = (m: unknown) => validateSettingsMessage(m, fields);
    assert.deepEqual(check({ type: "set", key: "context.maxTokens", value: 2048 }), { ok: true, message: { type: "set", key: "context.maxTokens", value: 2048 } });
    assert.deepEqual(check({ type: "set", key: "context.enabled", value: false }), { ok: true, message: { type: "set", key: "context.enabled", value: false } });
    assert.deepEqual(check({ type: "reset", key: "context.maxTokens" }), { ok: true, message: { type: "reset", key: "context.maxTokens" } });
    const bad: unknown[] = [
      { type: "set", key: "context.maxTokens", value: 100000 },
      { type: "set", key: "context.maxTokens", value: "2048" },
      { type: "set", key: "context.enabled", value: "false" },
      { type: "set", key: "context.enabled" },
      { type: "set", key: "context.maxTokens", value: 10, target: "workspace" },
      { type: "set", key: "context", value: true },
      { type: "set", key: "context.files", value: ["/etc/passwd"] },
      { type: "reset", key: "context.maxTokens", value: 1 },
    ];
    for (const m of bad) assert.equal(check(m).ok, false, JSON.stringify(m));
  });
});
