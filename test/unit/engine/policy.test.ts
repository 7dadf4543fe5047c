import assert from "node:assert/strict";
import { SwitchPolicy } from "../../../src/engine/policy";
import type { SwitchSettings } from "../../../src/engine/types";

const base: SwitchSettings = { threshold: 2, window: 5, stability: "none", hysteresis: 1, minStay: 3 };

function run(settings: SwitchSettings, rolling: number[]): string {
  const p = new SwitchPolicy(settings);
  return rolling
    .map((r) => {
      const w = p.decide(r);
      p.commit(w);
      return w === "large" ? "L" : "s";
    })
    .join("");
}

describe("engine/policy", () => {
  it("EAD rule: large writes strictly above the threshold", () => {
    assert.equal(run(base, [1, 2, 2.1, 3, 1.9, 0]), "ssLLss");
  });

  it("hysteresis switches up strictly above the threshold and back only below threshold - hysteresis", () => {
    const s = { ...base, stability: "hysteresis" as const };
    // threshold 2, hysteresis 1: up at > 2, down at < 1.
    assert.equal(run(s, [2, 2.1, 1.5, 1, 0.9, 1.5, 2, 2.01]), "sLLLsssL");
  });

  it("threshold 0 means always large under every rule (entropies are never negative)", () => {
    for (const stability of ["none", "hysteresis", "minStay"] as const) {
      assert.equal(run({ ...base, stability, threshold: 0 }, [0.01, 3, 0.001, 0.2, 5]), "LLLLL", stability);
    }
  });

  it("minimum stay holds the writer for minStay tokens after a switch", () => {
    const s = { ...base, stability: "minStay" as const };
    assert.equal(run(s, [3, 0, 0, 0, 3, 3, 0]), "LLLssss");
  });

  it("infinite thresholds pin the writer", () => {
    for (const stability of ["none", "hysteresis", "minStay"] as const) {
      assert.equal(run({ ...base, stability, threshold: Infinity }, [99, 99, 0]), "sss");
      assert.equal(run({ ...base, stability, threshold: -Infinity }, [0, -99, 0]), "LLL");
    }
  });
});
