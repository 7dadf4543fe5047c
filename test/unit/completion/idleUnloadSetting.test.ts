// ead.idleUnloadMinutes as the pair's lifecycle reads it: settings.json may hold anything (a string, a
// negative or huge number), and the value used stays in package.json's range (0..1440, 0 = never unload)
// or falls back to the default, with the same one-line warning as the other corrected settings.
import assert from "node:assert/strict";
import { checkEditorSettings, idleUnloadMinutes } from "../../../src/completion/settingsCheck";
import { EDITOR_LIMITS } from "../../../src/engine/settingLimits";
import { PairLifecycle, type Clock } from "../../../src/models/pairLifecycle";

const only = (value: unknown) => (key: string) => (key === "idleUnloadMinutes" ? value : undefined);
const warningsFor = (value: unknown) => checkEditorSettings(only(value)).warnings.filter((w) => w.startsWith("ead.idleUnloadMinutes"));

/** Records the timers the lifecycle sets, without running them. */
class RecordingClock implements Clock {
  delays: number[] = [];
  now(): number {
    return 0;
  }
  setTimeout(_callback: () => void, ms: number): unknown {
    this.delays.push(ms);
    return this.delays.length;
  }
  clearTimeout(): void {}
}

describe("completion/settingsCheck ead.idleUnloadMinutes", () => {
  it("the table says what package.json says: 0..1440 whole minutes, default 15", () => {
    assert.deepEqual(EDITOR_LIMITS.idleUnloadMinutes, { min: 0, max: 1440, default: 15, integer: true });
  });

  it("unset: the default; a value in range: as written (fractions rounded), 0 included", () => {
    assert.equal(idleUnloadMinutes(() => undefined), 15);
    assert.equal(idleUnloadMinutes(only(30)), 30);
    assert.equal(idleUnloadMinutes(only(0)), 0);
    assert.equal(idleUnloadMinutes(only(1440)), 1440);
    assert.equal(idleUnloadMinutes(only(2.4)), 2);
    assert.deepEqual(warningsFor(30), []);
    assert.equal(checkEditorSettings(only(30)).settings.idleUnloadMinutes, 30);
  });

  it("out of range: clamped to the nearest bound, with a warning", () => {
    assert.equal(idleUnloadMinutes(only(-5)), 0);
    assert.deepEqual(warningsFor(-5), ["ead.idleUnloadMinutes -5 is outside 0..1440; using 0."]);
    assert.equal(idleUnloadMinutes(only(1e9)), 1440);
    assert.deepEqual(warningsFor(1e9), ["ead.idleUnloadMinutes 1000000000 is outside 0..1440; using 1440."]);
  });

  it("not a number (a string, null, NaN, Infinity, an object): the default, with a warning that names the value", () => {
    for (const [value, shown] of [["30", '"30"'], [null, "null"], [NaN, "NaN"], [Infinity, "Infinity"], [{ minutes: 5 }, '{"minutes":5}'], [true, "true"]] as const) {
      assert.equal(idleUnloadMinutes(only(value)), 15, String(shown));
      assert.deepEqual(warningsFor(value), [`ead.idleUnloadMinutes must be a number; got ${shown}, using 15.`]);
      assert.equal(checkEditorSettings(only(value)).settings.idleUnloadMinutes, 15);
    }
  });

  it("reading the value warns nothing itself: the settings check tells the user once, with the other corrections", () => {
    const both = checkEditorSettings((key) => (key === "idleUnloadMinutes" ? "soon" : key === "debounceMs" ? -1 : undefined)).warnings;
    assert.equal(both.filter((w) => w.startsWith("ead.idleUnloadMinutes")).length, 1);
    assert.equal(both.filter((w) => w.startsWith("ead.debounceMs")).length, 1);
  });

  it("the lifecycle waits the checked minutes: a huge value no longer overflows the timer, a string waits the default", () => {
    for (const [value, ms] of [[1e9, 1440 * 60_000], ["soon", 15 * 60_000], [-3, undefined], [10, 10 * 60_000]] as const) {
      const clock = new RecordingClock();
      const lifecycle = new PairLifecycle({
        load: async () => true,
        unload: async () => {},
        isLoaded: () => true,
        isBusy: () => false,
        idleMinutes: () => idleUnloadMinutes(only(value)),
        clock,
      });
      lifecycle.used();
      // Node runs a timer longer than 2^31 - 1 ms after 1 ms: the idle check would run every millisecond.
      assert.deepEqual(clock.delays, ms === undefined ? [] : [ms], String(value));
      assert.ok(clock.delays.every((d) => d <= 2 ** 31 - 1));
      lifecycle.dispose();
    }
  });
});
