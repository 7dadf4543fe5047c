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

  it("hits the share exactly when whole runs of the mean length would not (32 tokens, 25 %, runs of 5)", () => {
    for (const [length, share, run] of [[32, 0.25, 5], [32, 0.25, 3.3], [48, 0.3, 7], [20, 0.5, 2.6], [7, 0.9, 4]] as const) {
      const d = describeSchedule(replaySchedule(length, share, run));
      assert.equal(Math.round(d.largeShare * length), Math.min(length - 1, Math.round(share * length)), `${length} ${share} ${run}`);
      assert.ok(Math.abs(d.meanLargeRun - run) <= Math.max(1, run / 2), `${length} ${share} ${run}: runs of ${d.meanLargeRun}`);
    }
  });

  it("pins the writer at shares 0 and 1", () => {
    assert.ok(replaySchedule(10, 0, 3).every((w) => w === "small"));
    assert.ok(replaySchedule(10, 1, 3).every((w) => w === "large"));
  });
});
