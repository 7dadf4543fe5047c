// The budget's pair identity with the large model on a team server: a server down at load and back
// later is the same pair as one up at load (one learned budget, not two), the served model's count is
// taken in on recovery, and the cost figure never takes a count of 0.
import assert from "node:assert/strict";
import { BudgetKeeper } from "../../../src/completion/budgetKeeper";
import { budgetPair, pairParameters } from "../../../src/completion/budgetPair";
import type { EngineInfo } from "../../../src/engine/engine";
import type { RemoteLaneState } from "../../../src/engine/remote/remoteLane";
import type { DecodeSettings } from "../../../src/engine/types";

const URL = "http://gpu-box:8012";
const small = { path: "/m/small.gguf", name: "small.gguf", parameters: 1_016_704, sizeBytes: 2_163_840 };
const served = { name: "large.gguf", vocabularySize: 151_936, trainContextSize: 1024, slotContextSize: 1024, parameters: 11_228_480, slots: 1 };

/** The engine's info as a load reports it: the large model named by the URL, its count as known at load. */
function remoteInfo(upAtLoad: boolean): Pick<EngineInfo, "small" | "large" | "placement" | "remote"> {
  const remote: RemoteLaneState = upAtLoad ? { url: URL, up: true, model: served } : { url: URL, up: false, reason: "cannot reach " + URL };
  return {
    small,
    large: { path: URL, name: URL, parameters: upAtLoad ? served.parameters : 0, sizeBytes: 0 },
    placement: { small: "cpu", large: "remote" },
    remote,
  };
}

const settings = { mode: "ead", threshold: 5.4, window: 16, topK: 256 } as DecodeSettings;

function completion(threshold: number, large: number, total: number) {
  const tokens = Array.from({ length: total }, (_, i) => ({ rolling: 4 + (i % 5) * 0.5 }));
  return { tokens, settings: { ...settings, threshold }, stats: { largeTokens: large, smallTokens: total - large } } as never;
}

describe("completion/budgetPair", () => {
  it("a local pair is its files' names and counts", () => {
    const info = { small, large: { path: "/m/large.gguf", name: "large.gguf", parameters: 5, sizeBytes: 1 }, placement: { small: "cpu", large: "cpu" } } as const;
    assert.deepEqual(budgetPair(info), { small: { name: "small.gguf", parameters: small.parameters }, large: { name: "large.gguf", parameters: 5 } });
    assert.deepEqual(pairParameters(info), { small: small.parameters, large: 5 });
  });

  it("a server down at load is unknown to the budget (no key with a count of 0) until it answers, then the same pair as one up at load", () => {
    const down = remoteInfo(false);
    assert.equal(budgetPair(down), undefined);
    assert.equal(pairParameters(down), undefined, "no cost figure from a count of 0");
    // The recovery: the engine's state update carries the served model.
    down.remote = { url: URL, up: true, model: served };
    assert.deepEqual(budgetPair(down), budgetPair(remoteInfo(true)));
    assert.deepEqual(pairParameters(down), { small: small.parameters, large: served.parameters });
  });

  it("what the budget learns after a recovery carries over to a load with the server up: one budget, not two", () => {
    const stored = new Map<string, unknown>();
    const storage = { get: <T>(k: string) => stored.get(k) as T | undefined, update: async (k: string, v: unknown) => void stored.set(k, v) };
    let info = remoteInfo(false);
    const keeper = new BudgetKeeper(storage, () => ({ switching: "budget", target: 0.3 }), () => budgetPair(info));
    // Down: the budget neither adjusts nor learns (the small model writes everything meanwhile).
    assert.deepEqual(keeper.adjust(settings), settings);
    keeper.observe(completion(5.4, 0, 20));
    assert.ok(Number.isNaN(keeper.snapshot(settings).realisedShare), "an outage teaches the budget nothing");
    // Back: it learns.
    info.remote = { url: URL, up: true, model: served };
    for (let i = 0; i < 6; i++) keeper.observe(completion(5.4, 8, 20));
    const learnt = keeper.snapshot(settings);
    assert.ok(learnt.realisedShare > 0.35, `learnt share ${learnt.realisedShare}`);
    // A later load with the server up at once: the same pair, the same learned state.
    info = remoteInfo(true);
    const after = keeper.snapshot(settings);
    assert.equal(after.realisedShare, learnt.realisedShare);
    assert.deepEqual(after.thresholds, learnt.thresholds);
  });
});
