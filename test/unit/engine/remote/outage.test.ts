// The outage rule on a manual clock: one report when the server goes down, none while it stays down,
// one when it comes back; retries wait, doubling up to a ceiling.
import assert from "node:assert/strict";
import { OutageTracker, type OutageState } from "../../../../src/engine/remote/outage";

describe("remote outage tracking", () => {
  let now = 0;
  let reports: OutageState[];
  let tracker: OutageTracker;

  beforeEach(() => {
    now = 1_000;
    reports = [];
    tracker = new OutageTracker((s) => reports.push(s), { firstRetryMs: 100, maxRetryMs: 350, now: () => now });
  });

  it("reports a failure once, however many follow, and the recovery once", () => {
    tracker.succeeded();
    assert.equal(reports.length, 0, "being up from the start is no change");
    tracker.failed("down");
    now += 100;
    tracker.failed("still down");
    now += 200;
    tracker.failed("still down");
    assert.deepEqual(reports.map((r) => r.up), [false]);
    assert.equal(reports[0].reason, "down");
    tracker.succeeded();
    tracker.succeeded();
    assert.deepEqual(reports.map((r) => r.up), [false, true]);
  });

  it("waits before retrying, doubling the wait up to the ceiling", () => {
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      tracker.failed("down");
      assert.equal(tracker.mayTry, false);
      const wait = tracker.state.retryAt! - now;
      waits.push(wait);
      now += wait - 1;
      assert.equal(tracker.mayTry, false);
      now += 1;
      assert.equal(tracker.mayTry, true);
    }
    assert.deepEqual(waits, [100, 200, 350, 350]);
  });

  it("starts over at the first wait after a recovery", () => {
    tracker.failed("a");
    tracker.failed("b");
    tracker.succeeded();
    tracker.failed("c");
    assert.equal(tracker.state.retryAt! - now, 100);
  });
});
