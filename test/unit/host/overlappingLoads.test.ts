// Loads that overlap: the engine process keeps exactly one pair, the one the last load asked for, and a
// restart scheduled after a crash does not load again over a later load.
import assert from "node:assert/strict";
import { fork, type ChildProcess } from "node:child_process";
import { EngineClient, type EngineState } from "../../../src/host/engineClient";
import type { HostEvent, HostRequest } from "../../../src/host/protocol";
import { fixtures, hostScript, waitFor } from "../helpers/fixtures";

// Two pairs the host can tell apart by the file it reports as the large model.
const first = { smallModelPath: fixtures.small, largeModelPath: fixtures.large, threads: 1 };
const second = { smallModelPath: fixtures.small, largeModelPath: fixtures.small, threads: 1 };

describe("host: overlapping loads (fixture pair)", function () {
  describe("the engine process, sent two loads back to back", () => {
    let child: ChildProcess;
    const events: HostEvent[] = [];
    const send = (m: HostRequest) => child.send(m);
    const answer = (id: number) => waitFor(() => events.some((e) => "id" in e && e.id === id && e.type !== "token"));

    beforeEach(async () => {
      events.length = 0;
      child = fork(hostScript, [], { serialization: "advanced", stdio: ["ignore", "ignore", "ignore", "ipc"] });
      child.on("message", (m: HostEvent) => events.push(m));
      await waitFor(() => events.some((e) => e.type === "ready"));
    });
    afterEach(async () => {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      send({ type: "shutdown" });
      await exited;
    });

    it("holds one engine, loaded from the last request", async () => {
      send({ type: "load", id: 1, options: first });
      send({ type: "load", id: 2, options: second });
      await answer(1);
      await answer(2);
      const last = events.find((e) => e.type === "loaded" && e.id === 2);
      assert.ok(last && last.type === "loaded", `the last load did not succeed: ${JSON.stringify(events)}`);
      assert.equal(last.info.large.path, fixtures.small);
      send({ type: "memory", id: 3 });
      await answer(3);
      const memory = events.find((e) => e.type === "memory");
      assert.ok(memory && memory.type === "memory");
      assert.equal(memory.memory.engines, 1, "engines alive in the process");
      // What completes is the pair of the last load.
      send({ type: "complete", id: 4, request: { prefix: "function f(", settings: { mode: "large", maxTokens: 4 } } });
      await answer(4);
      const result = events.find((e) => e.type === "result" && e.id === 4);
      assert.ok(result && result.type === "result", JSON.stringify(events.filter((e) => e.type !== "token")));
    });
  });

  describe("the client", () => {
    let client: EngineClient;
    afterEach(async () => client.dispose());

    it("two loads back to back: both callers get the last pair, and one engine is alive", async () => {
      client = new EngineClient({ hostScript });
      const a = client.load(first);
      const b = client.load(second);
      const [infoA, infoB] = await Promise.all([a, b]);
      assert.equal(infoB.large.path, fixtures.small);
      assert.equal(infoA.large.path, fixtures.small, "a superseded load answers with the pair that won");
      assert.equal(client.info?.large.path, fixtures.small);
      const memory = await client.memory();
      assert.equal(memory.engines, 1, "engines alive in the process");
    });

    it("a load after a crash cancels the scheduled restart: no second load follows it", async () => {
      client = new EngineClient({ hostScript, backoffMs: 300 });
      await client.load(first);
      const states: EngineState[] = [];
      client.onState((s) => states.push(s));
      process.kill(client.pid!, "SIGKILL");
      await waitFor(() => client.state === "restarting");
      const info = await client.load(second);
      assert.equal(info.large.path, fixtures.small);
      const pid = client.pid;
      states.length = 0;
      // Past the restart delay: a restart that was not cancelled would load again (and over the new pair).
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.deepEqual(states, [], "state changes after the load finished");
      assert.equal(client.pid, pid);
      assert.equal(client.info?.large.path, fixtures.small);
      assert.equal((await client.memory()).engines, 1);
    });
  });
});
