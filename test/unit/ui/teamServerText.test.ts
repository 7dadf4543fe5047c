// What the editor says about the team server: from a real remote lane that cannot reach its server,
// and from the state of one that can. The API key is never part of it.
import assert from "node:assert/strict";
import { freePort } from "../../../src/bench/llamaServer/launch";
import { RemoteLane, type RemoteLaneState } from "../../../src/engine/remote/remoteLane";
import type { LocalVocabulary } from "../../../src/engine/remote/pairing";
import { statusView } from "../../../src/ui/statusText";
import { outageMessage, recoveryMessage, teamServerLine, teamServerLogLine } from "../../../src/ui/teamServerText";

const KEY = "key-7f3a9c-never-shown";

/** A vocabulary the lane would compare with the server's; the server here never answers. */
const vocabulary: LocalVocabulary = { name: "small.gguf", size: 151_936, tokenize: () => [], detokenize: () => "", specialTexts: [] };

const up: RemoteLaneState = {
  up: true,
  url: "http://gpu-box:8012",
  model: { name: "qwen2.5-coder-7b-q4_k_m.gguf", vocabularySize: 152_064, trainContextSize: 32_768, slotContextSize: 4096, parameters: 7.6e9, slots: 4 },
  roundTripMs: 37.6,
};

describe("ui/teamServerText", () => {
  let down: RemoteLaneState;
  let url: string;

  before(async () => {
    url = `http://127.0.0.1:${await freePort()}`;
    const lane = new RemoteLane(vocabulary, { url, apiKey: KEY, timeoutMs: 2000 });
    down = await lane.connect();
    assert.equal(down.up, false, "nothing listens on the port");
  });

  it("a server that is up: URL, served model, slots and round trip", () => {
    assert.equal(
      teamServerLine(up),
      "Large model on the team server http://gpu-box:8012 (qwen2.5-coder-7b-q4_k_m.gguf, 4 slots of 4,096 tokens): up, round trip 38 ms",
    );
    assert.match(teamServerLine({ ...up, roundTripMs: 1234 }), /round trip 1\.2 s$/);
  });

  it("a server that is down: URL, the reason the lane gave, and that the small model writes", () => {
    const line = teamServerLine(down);
    assert.ok(line.startsWith(`Large model on the team server ${url}: down, `), line);
    assert.ok(line.includes(down.reason!), line);
    assert.match(line, /ECONNREFUSED|cannot/);
    assert.match(line, /the small model writes meanwhile$/);
    assert.match(outageMessage(down), new RegExp(`^EAD: the team server ${url.replace(/[.]/g, "\\.")} cannot be used: .+\\. The small model writes meanwhile`));
    assert.equal(recoveryMessage(up), "EAD: the team server http://gpu-box:8012 is back; the large model writes again");
  });

  it("the log line holds every field, and no text holds the key", () => {
    assert.equal(
      teamServerLogLine(up),
      "team server: url=http://gpu-box:8012 state=up model=qwen2.5-coder-7b-q4_k_m.gguf vocabulary=152064 slots=4 slotContext=4096 parameters=7600000000 roundTrip=37.6ms",
    );
    assert.match(teamServerLogLine(down), new RegExp(`^team server: url=${url.replace(/[.]/g, "\\.")} state=down reason="`));
    for (const text of [teamServerLine(down), teamServerLogLine(down), outageMessage(down), JSON.stringify(down)]) assert.ok(!text.includes(KEY), text);
  });

  it("the status bar: the tooltip has the server's line; the text says when it is down", () => {
    const last = { latencyMs: 120, largeShare: 0.25, tokens: 12, mode: "ead" };
    const fine = statusView("ready", last, "Models: a + b", { up: true, line: teamServerLine(up) });
    assert.equal(fine.text, "$(sparkle) EAD ead · 120 ms · large 25%");
    assert.ok(fine.tooltip.split("\n").includes(teamServerLine(up)), fine.tooltip);
    const lost = statusView("ready", last, "Models: a + b", { up: false, line: teamServerLine(down) });
    assert.equal(lost.text, "$(sparkle) EAD ead · 120 ms · large 25% · server down");
    assert.ok(lost.tooltip.includes(down.reason!));
    // Off or without models, the server's state is not what matters.
    assert.equal(statusView("off", undefined, undefined, { up: false, line: "x" }).text, "$(circle-slash) EAD off");
    assert.equal(statusView("ready", last).tooltip.includes("team server"), false);
  });
});
