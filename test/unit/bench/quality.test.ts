// Crossing every point with and without the tasks' context, and the labels that tell them apart.
import assert from "node:assert/strict";
import { configLabel, configsFor, crossConfigs, crossContexts, crossContextTokens, crossLayouts, NO_CONTEXT_LABEL, sameVariant } from "../../../src/bench/quality";
import { DEFAULT_FIRST_POSITION } from "../../../src/engine/types";

describe("bench/quality: context crossing", () => {
  // The default first-position rule: labels name only the variants.
  const points = crossConfigs(configsFor(["small", "large", "ead"], [2, 3], ["none"]), [0], [DEFAULT_FIRST_POSITION]);

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

  it("crosses only the points with context with each bound on the block, and labels them by it", () => {
    const crossed = crossContextTokens(crossContexts(points, ["with", "without"]), [256, 1024]);
    assert.equal(crossed.length, 2 * points.length + points.length, "with: once per bound; without: once");
    assert.deepEqual(
      crossed.map((c) => configLabel(c, false)),
      [
        "small+context 256", "small+context 1024", "large+context 256", "large+context 1024", "ead@2+context 256", "ead@2+context 1024", "ead@3+context 256", "ead@3+context 1024",
        `small${NO_CONTEXT_LABEL}`, `large${NO_CONTEXT_LABEL}`, `ead@2${NO_CONTEXT_LABEL}`, `ead@3${NO_CONTEXT_LABEL}`,
      ],
    );
    assert.ok(crossed.filter((c) => c.context === "without").every((c) => c.contextTokens === undefined));
    assert.equal(crossContextTokens(points, []), points);
    // Tasks' context by default (no --context): every point is bounded.
    assert.deepEqual(crossContextTokens(points, [64]).map((c) => c.contextTokens), points.map(() => 64));
  });

  it("compares a point only with references of the same layout, context and bound", () => {
    const [large256, large1024] = crossContextTokens([{ mode: "large", threshold: null, stability: null, context: "with" }], [256, 1024]);
    const ead256 = { mode: "ead" as const, threshold: 2, stability: "none" as const, context: "with" as const, contextTokens: 256 };
    assert.ok(sameVariant(ead256, large256!));
    assert.ok(!sameVariant(ead256, large1024!));
    assert.ok(!sameVariant(ead256, { ...ead256, contextTokens: undefined }));
    assert.ok(!sameVariant(ead256, { ...ead256, layout: "block" }));
  });

  it("a label names a first-position rule only when it is not the default", () => {
    const ead = crossConfigs(configsFor(["ead"], [2], ["none"]), [0], ["counted", "skipped", "large", "largeWord"]);
    const labels = new Map(ead.map((c) => [c.firstPosition, configLabel(c, false)]));
    assert.equal(labels.get(DEFAULT_FIRST_POSITION), "ead@2");
    for (const rule of ["counted", "skipped", "large", "largeWord"] as const) {
      if (rule === DEFAULT_FIRST_POSITION) continue;
      assert.equal(labels.get(rule), rule === "skipped" ? "ead@2+skip first" : `ead@2+first ${rule}`);
    }
  });
});
