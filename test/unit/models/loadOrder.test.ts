// Load ordering for the model manager: the last load asked for wins, a burst of setting changes is one reload.
import assert from "node:assert/strict";
import { DebouncedReload, LastLoadWins } from "../../../src/models/loadOrder";

/** A load that resolves when `finish` is called, counting its starts. */
function gatedLoad() {
  const starts: Array<(ok: boolean) => void> = [];
  return {
    starts,
    load: () => new Promise<boolean>((resolve) => starts.push(resolve)),
  };
}

describe("models/loadOrder", () => {
  it("runs loads one after another; loads queued behind a running one collapse into the last", async () => {
    const gate = gatedLoad();
    const loads = new LastLoadWins(gate.load);
    const first = loads.run();
    await new Promise((r) => setImmediate(r));
    assert.equal(gate.starts.length, 1, "the first load runs");
    const second = loads.run();
    const third = loads.run();
    await new Promise((r) => setImmediate(r));
    assert.equal(gate.starts.length, 1, "later loads wait for the running one");
    gate.starts[0](false);
    await new Promise((r) => setImmediate(r));
    assert.equal(gate.starts.length, 2, "only the last queued load runs next");
    gate.starts[1](true);
    assert.deepEqual(await Promise.all([first, second, third]), [true, true, true], "every caller gets the last load's outcome");
  });

  it("a failing load does not stop the next one", async () => {
    let calls = 0;
    const loads = new LastLoadWins(async () => {
      calls++;
      if (calls === 1) throw new Error("refused");
      return true;
    });
    assert.equal(await loads.run(), false);
    assert.equal(await loads.run(), true);
  });

  it("reloads once after a burst of requests, and every request gets the outcome", async () => {
    let reloads = 0;
    const reload = new DebouncedReload(async () => ++reloads === 1);
    const a = reload.request(20);
    const b = reload.request(20);
    assert.ok(reload.pending, "a reload is pending during the delay");
    assert.deepEqual(await Promise.all([a, b]), [true, true]);
    assert.equal(reloads, 1);
    assert.equal(reload.pending, undefined);
    reload.dispose();
  });
});
