import assert from "node:assert/strict";
import { describeSchedule, replaySchedule } from "../../../src/bench/speed/schedule";

describe("bench/speed/schedule", () => {
  it("replays the requested large share in runs of the requested length, starting small", () => {
    const s = replaySchedule(96, 0.25, 4);
    const d = describeSchedule(s);
    assert.equal(s[0], "small");
    assert.equal(d.largeShare, 0.25);
    assert.equal(d.meanLargeRun, 4);
    assert.equal(d.switches, 2 * 6 - 1); // 6 large runs, the last one ends the sequence
  });

  it("pins the writer at shares 0 and 1", () => {
    assert.ok(replaySchedule(10, 0, 3).every((w) => w === "small"));
    assert.ok(replaySchedule(10, 1, 3).every((w) => w === "large"));
  });
});
