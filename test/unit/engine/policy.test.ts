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

  it("hysteresis switches up above threshold + h/2 and down below threshold - h/2", () => {
    const s = { ...base, stability: "hysteresis" as const };
    assert.equal(run(s, [2.4, 2.6, 2.0, 1.6, 1.4, 2.4, 2.6]), "sLLLssL");
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
