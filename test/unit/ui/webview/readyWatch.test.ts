import assert from "node:assert/strict";
import { isReadyMessage, ReadyWatch, type WatchTimers } from "../../../../src/ui/webview/readyWatch";

/** Timers run by hand: `fire()` runs what is due. */
function manualTimers(): WatchTimers & { pending: number; fire(): void } {
  const due = new Map<number, () => void>();
  let next = 0;
  return {
    set: (fn) => (due.set(++next, fn), next),
    clear: (h) => void due.delete(h as number),
    get pending() {
      return due.size;
    },
    fire() {
      const fns = [...due.values()];
      due.clear();
      for (const fn of fns) fn();
    },
  };
}

describe("ui/webview ReadyWatch", () => {
  it("rebuilds a page that never says ready, a bounded number of times", () => {
    const timers = manualTimers();
    const rebuilt: number[] = [];
    const watch = new ReadyWatch((n) => rebuilt.push(n), { waitMs: 3000, maxRebuilds: 2, timers });
    watch.started();
    timers.fire();
    timers.fire();
    timers.fire();
    assert.deepEqual(rebuilt, [1, 2]);
    assert.equal(watch.ready, false);
  });

  it("leaves a page alone once it says ready", () => {
    const timers = manualTimers();
    const rebuilt: number[] = [];
    const watch = new ReadyWatch((n) => rebuilt.push(n), { waitMs: 3000, maxRebuilds: 2, timers });
    watch.started();
    watch.sawReady();
    assert.equal(timers.pending, 0);
    timers.fire();
    assert.deepEqual(rebuilt, []);
    assert.equal(watch.ready, true);
  });

  it("a rebuilt page that comes up stops the rebuilding", () => {
    const timers = manualTimers();
    let watch: ReadyWatch | undefined;
    const rebuilt: number[] = [];
    watch = new ReadyWatch((n) => {
      rebuilt.push(n);
      watch!.sawReady();
    }, { waitMs: 3000, maxRebuilds: 3, timers });
    watch.started();
    timers.fire();
    timers.fire();
    assert.deepEqual(rebuilt, [1]);
    assert.equal(watch.ready, true);
  });

  it("knows a ready message", () => {
    assert.equal(isReadyMessage({ type: "ready" }), true);
    for (const m of [null, "ready", { type: "set" }, []]) assert.equal(isReadyMessage(m), false);
  });
});
