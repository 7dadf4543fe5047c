import assert from "node:assert/strict";
import { normalizeSettings } from "../../../src/engine/settings";
import { DEFAULT_DECODE_SETTINGS } from "../../../src/engine/types";

describe("engine/settings", () => {
  it("keeps valid settings and reports nothing", () => {
    const { settings, warnings } = normalizeSettings({ mode: "speculative", threshold: 3.5, window: 8, topK: 100 });
    assert.deepEqual(warnings, []);
    assert.equal(settings.mode, "speculative");
    assert.equal(settings.threshold, 3.5);
    assert.equal(settings.window, 8);
  });

  it("clamps out-of-range values with a warning each", () => {
    const { settings, warnings } = normalizeSettings({ window: -3, maxTokens: 1e9, topK: 1 });
    assert.equal(settings.window, 1);
    assert.equal(settings.maxTokens, 1024);
    assert.equal(settings.topK, 10);
    assert.equal(warnings.length, 3);
    assert.match(warnings[0], /window -3 is outside 1\.\.64/);
  });

  it("replaces NaN and wrong types by the default, with a warning", () => {
    const { settings, warnings } = normalizeSettings({ threshold: NaN, window: "5" as unknown as number, mode: "fast" as never });
    assert.equal(settings.threshold, DEFAULT_DECODE_SETTINGS.threshold);
    assert.equal(settings.window, DEFAULT_DECODE_SETTINGS.window);
    assert.equal(settings.mode, DEFAULT_DECODE_SETTINGS.mode);
    assert.equal(warnings.length, 3);
  });

  it("accepts infinite thresholds, which pin the writer", () => {
    assert.equal(normalizeSettings({ threshold: Infinity }).settings.threshold, Infinity);
    assert.equal(normalizeSettings({ threshold: -Infinity }).settings.threshold, -Infinity);
  });
});
