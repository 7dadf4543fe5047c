// Crossing every point with and without the tasks' context, and the labels that tell them apart.
import assert from "node:assert/strict";
import { configLabel, configsFor, crossConfigs, crossContexts, crossLayouts, NO_CONTEXT_LABEL } from "../../../src/bench/quality";

describe("bench/quality: context crossing", () => {
  const points = crossConfigs(configsFor(["small", "large", "ead"], [2, 3], ["none"]), [0], ["counted"]);

  it("crosses every point with each context choice, with first, and leaves points alone without choices", () => {
    assert.equal(crossContexts(points, []), points);
    const crossed = crossContexts(points, ["with", "without"]);
    assert.equal(crossed.length, 2 * points.length);
    assert.deepEqual(crossed.slice(0, points.length).map((c) => c.context), points.map(() => "with"));
    assert.deepEqual(crossed.slice(points.length).map((c) => c.context), points.map(() => "without"));
    assert.deepEqual(crossed.slice(points.length).map(({ context: _, ...c }) => c), points, "only the context differs");
    assert.deepEqual(crossContexts(points, ["without"]).map((c) => c.context), points.map(() => "without"));
  });

  it("labels a point without context apart, every other point as before, after the layout", () => {
    const crossed = crossContexts(crossLayouts(points, ["block"]), ["with", "without"]).map((c) => configLabel(c, false));
    assert.deepEqual(crossed, [
      "small+block layout", "large+block layout", "ead@2+block layout", "ead@3+block layout",
      `small+block layout${NO_CONTEXT_LABEL}`, `large+block layout${NO_CONTEXT_LABEL}`, `ead@2+block layout${NO_CONTEXT_LABEL}`, `ead@3+block layout${NO_CONTEXT_LABEL}`,
    ]);
    assert.equal(new Set(crossed).size, crossed.length, "every point has its own label (outputs.jsonl, --compare)");
    assert.deepEqual(points.map((c) => configLabel(c, false)), ["small", "large", "ead@2", "ead@3"]);
  });
});
