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

  it("the mode picker lists every mode once in a fixed order, the current one checked where it always is", () => {
    const modes = ["small", "large", "ead", "speculative"] as const;
    for (const current of modes) {
      const items = modeItems(current, modes);
      assert.deepEqual(items.map((i) => i.args), [["small"], ["large"], ["ead"], ["speculative"]]);
      assert.deepEqual(items.filter((i) => i.label.startsWith("$(check) ")).map((i) => i.args), [[current]]);
    }
    assert.ok(modeItems("ead", modes).every((i) => i.command === SET_MODE_COMMAND && i.description));
  });

  it("shows the configured mode at once; the last suggestion's figures only while they are of that mode", () => {
    const last = { latencyMs: 200, largeShare: 0.71, tokens: 14, mode: "ead" };
    assert.equal(statusView("ready", last, undefined, undefined, "ead").text, "$(sparkle) EAD ead · 200 ms · large 71%");
    const changed = statusView("ready", last, undefined, undefined, "speculative");
    assert.equal(changed.text, "$(sparkle) EAD speculative");
    assert.match(changed.tooltip, /Decoding mode: speculative/);
    assert.match(changed.tooltip, /Last suggestion \(ead mode\)/);
  });

  it("puts one suggestion's large share beside the budget's running share and says the target is long-run", () => {
    const last = { latencyMs: 200, largeShare: 0.71, tokens: 14, mode: "ead", budget: { target: 0.3, runningShare: 0.294 } };
    const view = statusView("ready", last, undefined, undefined, "ead");
    assert.equal(view.text, "$(sparkle) EAD ead · 200 ms · large 71% (run 29%)");
    assert.match(view.tooltip, /target 30% of the tokens over the long run, 29% over recent suggestions/);
    const fresh = statusView("ready", { ...last, budget: { target: 0.3, runningShare: Number.NaN } }, undefined, undefined, "ead");
    assert.equal(fresh.text, "$(sparkle) EAD ead · 200 ms · large 71%");
    assert.match(fresh.tooltip, /not measured yet/);
  });
});
