import assert from "node:assert/strict";
import { BUDGET_DEFAULTS, checkEditorSettings } from "../../../src/completion/settingsCheck";

describe("completion/settingsCheck: budget, rollback and first-position settings", () => {
  const read = (values: Record<string, unknown>) => (key: string) => values[key];

  it("defaults to the budget at 0.3 with rollback off and the first word the large model's", () => {
    const { settings, warnings } = checkEditorSettings(read({}));
    assert.deepEqual(settings.budget, { switching: "budget", target: 0.3 });
    assert.deepEqual(BUDGET_DEFAULTS, { switching: "budget", target: 0.3 });
    assert.equal(settings.decode.rollbackBound, 0);
    assert.equal(settings.decode.firstPosition, "largeWord");
    assert.deepEqual(warnings, []);
  });

  it("valid values pass through", () => {
    const { settings, warnings } = checkEditorSettings(read({ switching: "threshold", largeShareTarget: 0.45, rollbackBound: 0.05, firstPosition: "skipped" }));
    assert.deepEqual(settings.budget, { switching: "threshold", target: 0.45 });
    assert.equal(settings.decode.rollbackBound, 0.05);
    assert.equal(settings.decode.firstPosition, "skipped");
    assert.deepEqual(warnings, []);
  });

  it("out-of-range and wrong-typed values are corrected with one warning each, naming the setting", () => {
    const { settings, warnings } = checkEditorSettings(read({ switching: "auto", largeShareTarget: 2, rollbackBound: -1, firstPosition: "first" }));
    assert.deepEqual(settings.budget, { switching: "budget", target: 0.95 });
    assert.equal(settings.decode.rollbackBound, 0);
    assert.equal(settings.decode.firstPosition, "largeWord");
    assert.deepEqual(warnings.map((w) => /^ead\.(\w+)/.exec(w)?.[1]).sort(), ["firstPosition", "largeShareTarget", "rollbackBound", "switching"]);
    assert.match(warnings.find((w) => w.startsWith("ead.largeShareTarget"))!, /outside 0.05..0.95; using 0.95/);
    const typed = checkEditorSettings(read({ largeShareTarget: "lots" }));
    assert.equal(typed.settings.budget.target, 0.3);
    assert.match(typed.warnings[0], /ead.largeShareTarget must be a number/);
  });
});
