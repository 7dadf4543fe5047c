// 1,000 keystrokes at 20 ms straight into the completion service with the real engine process and no
// debounce (the editor's own debounce, which the integration test goes through, lets few of them
// reach the service): every keystroke asks, stale generations are aborted, at most one is ever in
// flight, the engine process's memory stays flat, and the last answer is the one for the final text.
import assert from "node:assert/strict";
import { CompletionService } from "../../../src/completion/service";
import { EngineClient } from "../../../src/host/engineClient";
import { fixtures, hostScript } from "../helpers/fixtures";

describe("reliability: 1,000 keystrokes through the service and the engine process", function () {
  this.timeout(120_000);
  let client: EngineClient;
  before(async () => {
    client = new EngineClient({ hostScript });
    await client.load({ smallModelPath: fixtures.small, largeModelPath: fixtures.large, threads: 1 });
  });
  after(async () => client.dispose());

  it("no queue build-up, flat memory, the final answer matches the final text", async () => {
    const service = new CompletionService({ engine: client });
    const line = "const value = compute(items, options);\nif (value > limit) {\n  total += value;\n}\n";
    // 1,003 keys end inside `if (`: at a line's first letter the fixture pair may end its completion at
    // once (the healed letter, then the end), and the final answer must be a suggestion to compare.
    const keys = line.repeat(Math.ceil(1003 / line.length)).slice(0, 1003);
    const settings = { decode: { maxTokens: 16 }, multiline: "auto" as const, debounceMs: 0 };
    let maxClientInFlight = 0;
    const sampler = setInterval(() => (maxClientInFlight = Math.max(maxClientInFlight, client.requestsInFlight("complete"))), 2);
    const rss: number[] = [(await client.memory()).rss];
    const answers: Promise<unknown>[] = [];
    const t0 = Date.now();
    try {
      for (let i = 1; i <= keys.length; i++) {
        const text = keys.slice(0, i);
        answers.push(service.provide({ uri: "file:///typing.js", text, offset: text.length, settings }));
        if (i % 100 === 0) rss.push((await client.memory()).rss);
        await new Promise((r) => setTimeout(r, Math.max(0, t0 + i * 20 - Date.now())));
      }
      const final = await answers[answers.length - 1];
      await Promise.all(answers);
      const c = service.counters;
      const mb = (n: number) => Math.round(n / 2 ** 20);
      console.log(
        `      ${keys.length} keystrokes in ${Date.now() - t0} ms: ${c.engineCalls} engine calls, ${c.cancelled} cancelled, ${c.typedThroughHits} typed-through, ` +
          `${c.cacheHits} cache hits, max in flight ${maxClientInFlight}/${c.maxInFlight}; engine rss MiB ${rss.map(mb).join(" ")}`,
      );
      assert.ok(c.engineCalls > 20, `only ${c.engineCalls} engine calls: the test did not exercise the engine`);
      assert.ok(maxClientInFlight <= 1 && c.maxInFlight <= 1, `in flight: ${maxClientInFlight} engine, ${c.maxInFlight} service`);
      assert.equal(client.requestsInFlight("complete"), 0);
      // README: 14 to 22 MiB measured over the run, levelling off.
      assert.ok(Math.max(...rss) - rss[1] < 32 * 2 ** 20, `engine rss grew from ${mb(rss[1])} to ${mb(Math.max(...rss))} MiB`);
      const last = final as { text: string; source: string } | undefined;
      const shown = service.shownSuggestion;
      assert.ok(last && shown, `the final keystroke got no answer (${JSON.stringify(last)})`);
      // The answer on screen is what a fresh service gives for the text where it was first shown...
      const fresh = new CompletionService({ engine: client });
      const at = shown.start;
      const firstShown = await fresh.provide({ uri: "file:///other.js", text: keys.slice(0, at), offset: at, settings, explicit: true });
      assert.equal(firstShown?.text, shown.text, `answer first shown at offset ${at}`);
      // ...and the final answer is its rest after what was typed since (all of it when nothing was typed).
      assert.equal(keys.slice(at) + last.text, shown.text, `final answer (${last.source})`);
      assert.equal(last.source === "typedThrough", at < keys.length);
    } finally {
      clearInterval(sampler);
    }
  });
});
