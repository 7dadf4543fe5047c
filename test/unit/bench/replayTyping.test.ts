import assert from "node:assert/strict";
import { DEFAULT_PACE, typingSchedule } from "../../../src/bench/replay/typing";

const TEXT = "  const total = items.reduce((a, b) => a + b, 0);\n  return total / items.length;\n}\n".repeat(4);

describe("bench/replay typing schedule", () => {
  it("is the same for the same seed and differs for another seed", () => {
    const a = typingSchedule(TEXT, 7);
    const b = typingSchedule(TEXT, 7);
    const c = typingSchedule(TEXT, 8);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
    assert.equal(a.length, TEXT.length);
  });

  it("moves to the step, types at about 70 ms per character, waits at line ends and pauses now and then", () => {
    const gaps = typingSchedule(TEXT, 3);
    assert.equal(gaps[0], DEFAULT_PACE.moveMs);
    const afterNewline = gaps.filter((_, i) => i > 0 && TEXT[i - 1] === "\n");
    assert.ok(afterNewline.every((g) => g >= DEFAULT_PACE.lineEndMs), `line-end gaps ${afterNewline}`);
    const inLine = gaps.filter((g, i) => i > 0 && TEXT[i - 1] !== "\n" && g < DEFAULT_PACE.pauseMs / 2);
    const mean = inLine.reduce((s, g) => s + g, 0) / inLine.length;
    assert.ok(Math.abs(mean - DEFAULT_PACE.msPerChar) < 10, `mean in-line gap ${mean}`);
    assert.ok(Math.min(...inLine) >= DEFAULT_PACE.msPerChar * (1 - DEFAULT_PACE.jitter) - 1);
    // About 3 % of characters are followed by a long pause: some, but few, in 300 characters.
    const pauses = gaps.filter((g) => g >= DEFAULT_PACE.pauseMs / 2).length;
    assert.ok(pauses >= 1 && pauses <= 30, `${pauses} pauses`);
  });
});
