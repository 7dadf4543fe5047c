// Records kept for a window's lifetime (the model manager's notices) keep only the latest entries.
import assert from "node:assert/strict";
import { BoundedLog } from "../../../src/models/boundedLog";

describe("models/boundedLog", () => {
  it("keeps the latest `limit` entries, oldest first, and counts what it dropped", () => {
    const log = new BoundedLog<number>(3);
    for (let i = 1; i <= 10; i++) log.push(i);
    assert.deepEqual(log.toArray(), [8, 9, 10]);
    assert.equal(log.length, 3);
    assert.equal(log.dropped, 7);
    assert.deepEqual([...log], [8, 9, 10]);
  });

  it("keeps everything below the limit", () => {
    const log = new BoundedLog<string>(5);
    log.push("a");
    log.push("b");
    assert.deepEqual(log.toArray(), ["a", "b"]);
    assert.equal(log.dropped, 0);
  });

  it("a copy: changing what toArray returned leaves the log alone", () => {
    const log = new BoundedLog<number>(2);
    log.push(1);
    log.toArray().push(99);
    assert.deepEqual(log.toArray(), [1]);
  });

  it("refuses a limit below 1", () => {
    assert.throws(() => new BoundedLog(0), RangeError);
  });
});
