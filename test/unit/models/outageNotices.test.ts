// The team server's outages are told once each: at the first "down", not again while it stays down
// (whatever the reason says), and its end is noticed once.
import assert from "node:assert/strict";
import { OutageNotices } from "../../../src/models/outageNotices";

const A = "http://gpu-a:8012";
const B = "http://gpu-b:8012";

describe("models/outageNotices", () => {
  it("a server that is up says nothing; an outage is told once, its end once", () => {
    const n = new OutageNotices();
    const seen = [
      n.observe({ url: A, up: true }),
      n.observe({ url: A, up: true }),
      n.observe({ url: A, up: false }),
      n.observe({ url: A, up: false }),
      n.observe({ url: A, up: false }),
      n.observe({ url: A, up: true }),
      n.observe({ url: A, up: true }),
    ];
    assert.deepEqual(seen, [undefined, undefined, "down", undefined, undefined, "up", undefined]);
  });

  it("a server down at load is an outage; a reload while it is still down is the same outage", () => {
    const n = new OutageNotices();
    assert.equal(n.observe({ url: A, up: false }), "down");
    // The settings changed and the pair reloaded: the server is still down.
    assert.equal(n.observe({ url: A, up: false }), undefined);
    assert.equal(n.observe({ url: A, up: true }), "up");
  });

  it("every new outage is told again", () => {
    const n = new OutageNotices();
    const events = [true, false, true, false, true].map((up) => n.observe({ url: A, up }));
    assert.deepEqual(events, [undefined, "down", "up", "down", "up"]);
  });

  it("another URL is another server; no team server forgets the last one", () => {
    const n = new OutageNotices();
    assert.equal(n.observe({ url: A, up: false }), "down");
    // Switched to server B, which is up: nothing to tell (A's outage is not B's recovery).
    assert.equal(n.observe({ url: B, up: true }), undefined);
    assert.equal(n.observe({ url: B, up: false }), "down");
    // The large model runs here for a while, then A again, still down: told afresh.
    assert.equal(n.observe(undefined), undefined);
    assert.equal(n.observe({ url: A, up: false }), "down");
  });
});
