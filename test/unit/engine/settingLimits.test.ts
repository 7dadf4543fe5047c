// package.json's contributes.configuration (what the Settings editor enforces and shows) must say what
// the engine clamps to and what the editor check warns about: one table, held equal here.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DECODE_KEYS, DECODE_LIMITS, EDITOR_DECODE_KEYS, EDITOR_LIMITS, type NumberLimit } from "../../../src/engine/settingLimits";
import { normalizeSettings } from "../../../src/engine/settings";
import { DECODE_MODES, DEFAULT_DECODE_SETTINGS, STABILITY_RULES } from "../../../src/engine/types";
import { checkEditorSettings } from "../../../src/completion/settingsCheck";

interface Contributed {
  type?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  enum?: unknown[];
}

function contributed(): Record<string, Contributed> {
  const pkg = JSON.parse(readFileSync(join(process.cwd(), "package.json"), "utf8"));
  const sections = [pkg.contributes.configuration].flat();
  return Object.assign({}, ...sections.map((s: { properties: Record<string, Contributed> }) => s.properties));
}

describe("engine/settingLimits", () => {
  const props = contributed();
  const editorNumbers: [string, NumberLimit][] = [
    ...Object.entries(DECODE_LIMITS).filter(([k]) => (EDITOR_DECODE_KEYS as readonly string[]).includes(k)),
    ...Object.entries(EDITOR_LIMITS),
  ];

  it("package.json's minimum, maximum, default and integer type equal the table for every numeric setting", () => {
    assert.equal(editorNumbers.length, 13);
    for (const [key, limit] of editorNumbers) {
      const p = props[`ead.${key}`];
      assert.ok(p, `ead.${key} is not in package.json`);
      assert.deepEqual(
        { type: p.type, minimum: p.minimum, maximum: p.maximum, default: p.default },
        { type: limit.integer ? "integer" : "number", minimum: limit.min, maximum: limit.max, default: limit.default },
        `ead.${key}`,
      );
    }
  });

  it("package.json's choices and defaults of mode and stability are the engine's", () => {
    assert.deepEqual([...(props["ead.mode"].enum ?? [])].sort(), [...DECODE_MODES].sort());
    assert.equal(props["ead.mode"].default, DEFAULT_DECODE_SETTINGS.mode);
    assert.deepEqual([...(props["ead.stability"].enum ?? [])].sort(), [...STABILITY_RULES].sort());
    assert.equal(props["ead.stability"].default, DEFAULT_DECODE_SETTINGS.stability);
  });

  it("every decode setting the editor exposes is in package.json, and the engine default is the table's", () => {
    for (const key of DECODE_KEYS) assert.ok(props[`ead.${key}`], `ead.${key}`);
    for (const [key, limit] of Object.entries(DECODE_LIMITS)) assert.equal(DEFAULT_DECODE_SETTINGS[key as keyof typeof DECODE_LIMITS], limit.default, key);
  });

  it("the engine and the editor check clamp to package.json's bounds", () => {
    for (const [key] of editorNumbers) {
      const p = props[`ead.${key}`];
      const low = checkEditorSettings((k) => (k === key ? p.minimum! - 1 : undefined));
      const high = checkEditorSettings((k) => (k === key ? p.maximum! + 1 : undefined));
      const read = (s: typeof low.settings) =>
        key === "largeShareTarget" ? s.budget.target : key in s.decode ? s.decode[key as keyof typeof s.decode] : s[key as keyof typeof s];
      assert.deepEqual([read(low.settings), read(high.settings)], [p.minimum, p.maximum], `ead.${key}`);
      assert.equal(low.warnings.length + high.warnings.length, 2, `ead.${key}`);
      if (key in DECODE_LIMITS) assert.equal(normalizeSettings({ [key]: p.maximum }).warnings.length, 0, `${key} at package.json's maximum`);
    }
  });
});
