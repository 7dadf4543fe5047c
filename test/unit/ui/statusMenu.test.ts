import assert from "node:assert/strict";
import { modeItems, SET_MODE_COMMAND, statusMenuItems } from "../../../src/ui/statusMenuItems";
import { statusView } from "../../../src/ui/statusText";

describe("ui/status bar", () => {
  it("says the mode of the last suggestion with its latency and large share", () => {
    const view = statusView("ready", { latencyMs: 123.4, largeShare: 0.254, tokens: 12, mode: "ead" });
    assert.equal(view.text, "$(sparkle) EAD ead · 123 ms · large 25%");
    assert.match(view.tooltip, /Last suggestion \(ead mode\): 123 ms, 12 tokens, 25% by the large model/);
    assert.match(view.tooltip, /Click for the EAD menu/);
  });

  it("the menu offers on/off, mode, settings panel, stats and model files", () => {
    const on = statusMenuItems({ enabled: true, mode: "speculative" });
    assert.deepEqual(
      on.map((i) => i.command),
      ["ead.toggle", SET_MODE_COMMAND, "ead.openSettings", "ead.showStats", "ead.selectModels"],
    );
    assert.match(on[0].label, /off/);
    assert.match(on[1].label, /speculative/);
    assert.match(statusMenuItems({ enabled: false, mode: "ead" })[0].label, /on$/);
  });

  it("the mode picker lists every mode once, the current one first and checked", () => {
    const items = modeItems("large", ["small", "large", "ead", "speculative"]);
    assert.deepEqual(items.map((i) => i.args), [["large"], ["small"], ["ead"], ["speculative"]]);
    assert.match(items[0].label, /^\$\(check\) large$/);
    assert.ok(items.every((i) => i.command === SET_MODE_COMMAND && i.description));
  });
});
