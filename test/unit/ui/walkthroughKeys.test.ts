import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { MODELS_CHOSEN_KEY, modelsChosen, SUGGESTION_SHOWN_KEY } from "../../../src/ui/walkthroughKeys";

describe("ui/walkthrough steps", () => {
  const steps: { id: string; completionEvents: string[] }[] = JSON.parse(readFileSync("package.json", "utf8")).contributes.walkthroughs[0].steps;

  it("tick on what the user has (context keys the extension sets), not on a setting changing while the walkthrough is open", () => {
    const events = Object.fromEntries(steps.map((s) => [s.id, s.completionEvents]));
    assert.ok(events["ead.download"].includes(`onContext:${MODELS_CHOSEN_KEY}`));
    assert.ok(events["ead.select"].includes(`onContext:${MODELS_CHOSEN_KEY}`));
    assert.ok(events["ead.type"].includes(`onContext:${SUGGESTION_SHOWN_KEY}`));
    for (const step of steps) assert.ok(!step.completionEvents.some((e) => e.startsWith("onSettingChanged:")), step.id);
  });

  it("a pair counts as chosen with both files, or a small file and a team server", () => {
    const get = (values: Record<string, string>) => (key: string) => values[key];
    assert.equal(modelsChosen(get({ smallModel: "/m/s.gguf", largeModel: "/m/l.gguf" })), true);
    assert.equal(modelsChosen(get({ smallModel: "/m/s.gguf", largeServer: "http://127.0.0.1:8012" })), true);
    assert.equal(modelsChosen(get({ smallModel: "/m/s.gguf", largeModel: "  " })), false);
    assert.equal(modelsChosen(get({ largeModel: "/m/l.gguf" })), false);
    assert.equal(modelsChosen(() => 3), false);
  });
});
