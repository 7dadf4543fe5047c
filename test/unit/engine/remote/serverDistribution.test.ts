// The server's log-probabilities as a distribution, including the lists llama-server writes when every
// candidate's probability underflowed (-FLT_MAX each), which once gave NaN probabilities and entropy.
import assert from "node:assert/strict";
import { entropyBits } from "../../../../src/engine/entropy";
import { serverDistribution } from "../../../../src/engine/remote/serverDistribution";

const FLT_MAX = 3.4028234663852886e38;

describe("serverDistribution", () => {
  it("renormalises the candidates over themselves, most probable first", () => {
    const d = serverDistribution([
      { id: 7, logprob: Math.log(0.2) },
      { id: 3, logprob: Math.log(0.5) },
      { id: 9, logprob: Math.log(0.05) },
    ])!;
    assert.deepEqual([...d.keys()], [3, 7, 9]);
    assert.ok(Math.abs(d.get(3)! - 0.5 / 0.75) < 1e-12);
    assert.ok(Math.abs(d.get(9)! - 0.05 / 0.75) < 1e-12);
  });

  it("stays finite where exponentiating the raw log-probabilities underflows", () => {
    const d = serverDistribution([
      { id: 1, logprob: -800 },
      { id: 2, logprob: -800 - Math.log(3) },
    ])!;
    assert.ok(Math.abs(d.get(1)! - 0.75) < 1e-12, `${d.get(1)}`);
    assert.ok(Number.isFinite(entropyBits(d)));
  });

  it("drops candidates the server wrote as zero and keeps the rest", () => {
    const d = serverDistribution([
      { id: 4, logprob: -1.2 },
      { id: 5, logprob: -FLT_MAX },
      { id: 6, logprob: -Infinity },
    ])!;
    assert.deepEqual([...d.entries()], [[4, 1]]);
  });

  it("says the distribution is unknown when no candidate carries any probability", () => {
    assert.equal(serverDistribution([{ id: 220, logprob: -FLT_MAX }, { id: 25283, logprob: -FLT_MAX }]), undefined);
    assert.equal(serverDistribution([{ id: 1, logprob: Number.NaN }]), undefined);
    assert.equal(serverDistribution([]), undefined);
  });
});
