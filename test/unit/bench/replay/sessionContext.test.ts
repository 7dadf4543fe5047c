// The replay's context gathering: what the editor's ring buffer receives and in which order (task chunks,
// the files opened before typing, the typed file, saves between steps), what each request carries, and
// the driver playing it: every query with context, a warm-up of a changed ring once no key was pressed for
// CONTEXT_IDLE_MS.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CallSink, ReplayAnswer, ReplayBackend, ReplayCancel, ReplayQuery } from "../../../../src/bench/replay/backend";
import { playSession } from "../../../../src/bench/replay/driver";
import { SessionContext } from "../../../../src/bench/replay/sessionContext";
import { readSessions, type ReplaySession } from "../../../../src/bench/replay/sessions";
import { CONTEXT_IDLE_MS } from "../../../../src/engine/promptContext/limits";
import type { PromptContext } from "../../../../src/engine/types";

const lines = (name: string, n: number) => Array.from({ length: n }, (_, i) => `export const ${name}${i} = ${i};`).join("\n") + "\n";

function session(over: Partial<ReplaySession> = {}): ReplaySession {
  const document = "import { a0 } from './a.js';\n\nfunction f() {\n}\n" + lines("tail", 3);
  return {
    id: "s",
    kind: "jump",
    document,
    steps: [
      { offset: document.indexOf("}\n"), text: "  x;\n" },
      { offset: document.length, text: "y" },
    ],
    repo: "pkg",
    path: "lib/main.js",
    opened: [
      { path: "lib/a.js", text: lines("a", 100) },
      { path: "lib/b.js", text: lines("b", 5) },
    ],
    ...over,
  };
}

/** A backend that answers nothing and keeps what it was asked: the driver is what these tests look at. */
class RecordingBackend implements ReplayBackend {
  readonly name = "recording";
  sink: CallSink | undefined = undefined;
  readonly log: string[] = [];
  readonly contexts: (PromptContext | undefined)[] = [];

  async provide(query: ReplayQuery, _cancel: ReplayCancel): Promise<ReplayAnswer | undefined> {
    this.log.push("provide");
    this.contexts.push(query.context);
    return undefined;
  }

  async warm(context: PromptContext): Promise<{ small: number; large: number }> {
    this.log.push(`warm ${context.chunks.map((c) => c.path).join(",")}`);
    return { small: 7, large: 0 };
  }

  async endSession(): Promise<void> {}
}

describe("bench/replay/sessionContext", () => {
  it("gathers task chunks, then each opened file's head, then the typed file; a save appends at the end", () => {
    const s = session({ chunks: [{ path: "lib/given.js", text: "export const given = 1;\n" }] });
    const gatherer = new SessionContext(s, "file:///replay/s");
    assert.equal(gatherer.begin(s.document), true);
    assert.deepEqual(
      gatherer.events.map((e) => `${e.event} ${e.path}`),
      ["gathered lib/given.js", "opened lib/a.js", "opened lib/b.js", "opened lib/main.js"],
    );
    // An opened file gives its head, as the cursor is on its first line: 64 lines of a's 100.
    const a = gatherer.ring.chunks.find((c) => c.path === "lib/a.js")!;
    assert.ok(a.text.startsWith("export const a0 = 0;\n") && a.text.includes("a63 = 63") && !a.text.includes("a64 = 64"), a.text.slice(-60));
    // Opening again what is held changes nothing (the block keeps its order).
    assert.equal(gatherer.begin(s.document), false);

    const edited = s.document.replace("function f() {\n", "function f() {\n  x;\n");
    assert.equal(gatherer.saved(edited, edited.indexOf("x;")), true);
    assert.equal(gatherer.events.at(-1)!.event, "saved");
    assert.equal(gatherer.ring.chunks.at(-1)!.path, "lib/main.js");
  });

  it("each request carries the ring's chunks oldest first, never the typed file's own ring chunks, bounded in tokens", () => {
    const s = session();
    const gatherer = new SessionContext(s, "file:///replay/s", 4096);
    gatherer.begin(s.document);
    const context = gatherer.at(s.document, s.steps[0].offset)!;
    assert.equal(context.repo, "pkg");
    assert.equal(context.path, "lib/main.js");
    assert.equal(context.maxTokens, 4096);
    assert.deepEqual(
      context.chunks.map((c) => c.path),
      ["lib/a.js", "lib/b.js"],
    );
    // A small bound keeps the newest chunks that fit: b (5 lines), not a (64 lines).
    const tight = new SessionContext(s, "file:///replay/s", 100);
    tight.begin(s.document);
    assert.deepEqual(
      tight.at(s.document, s.steps[0].offset)!.chunks.map((c) => c.path),
      ["lib/b.js"],
    );
  });

  it("adds the typed file's code outside the prefix/suffix window after the ring's chunks", () => {
    const top = "import { a0 } from './a.js';\n" + lines("top", 300);
    const document = top + "function f() {\n}\n";
    const s = session({ document, steps: [{ offset: document.length - 2, text: "  x;\n" }] });
    const gatherer = new SessionContext(s, "file:///replay/s", 8192);
    gatherer.begin(document);
    const chunks = gatherer.at(document, document.length - 2)!.chunks;
    assert.deepEqual(chunks.map((c) => c.path), ["lib/a.js", "lib/b.js", "lib/main.js"]);
    assert.ok(chunks[2].text.startsWith("import { a0 } from './a.js';\n"), "the file's top, above the window");
  });

  it("the driver sends the context with every request and warms the engine only once no key was pressed for CONTEXT_IDLE_MS", async function () {
    this.timeout(20_000);
    // Keys 1 ms apart: never idle, so no warm-up; the requests carry the block themselves, the opening one first.
    const backend = new RecordingBackend();
    const pace = { msPerChar: 1, jitter: 0, lineEndMs: 1, pauseChance: 0, pauseMs: 0, moveMs: 1 };
    const result = await playSession(session(), backend, { seed: 1, pace, context: { maxTokens: 4096 } });
    assert.equal(backend.log.length, 1 + "  x;\n".length + 1);
    assert.ok(backend.log.every((l) => l === "provide"), backend.log.join("; "));
    for (const c of backend.contexts) assert.deepEqual(c?.chunks.map((x) => x.path).slice(0, 2), ["lib/a.js", "lib/b.js"]);
    assert.deepEqual(
      result.gathered!.map((e) => e.event),
      ["opened", "opened", "opened", "saved"],
    );
    assert.deepEqual(result.warmed, { small: 0, large: 0 });

    // Each move to a step takes CONTEXT_IDLE_MS: the ring gathered at opening is warmed before the first
    // key (after the opening request, not before it), the save between the steps before the second step's.
    const idle = new RecordingBackend();
    const slow = { ...pace, moveMs: CONTEXT_IDLE_MS + 50 };
    const idled = await playSession(session(), idle, { seed: 1, pace: slow, context: { maxTokens: 4096 } });
    assert.deepEqual(idle.log.slice(0, 3), ["provide", "warm lib/a.js,lib/b.js", "provide"]);
    assert.equal(idle.log[1 + 1 + "  x;\n".length], "warm lib/a.js,lib/b.js");
    assert.equal(idle.log.filter((l) => l.startsWith("warm")).length, 2);
    assert.deepEqual(idled.warmed, { small: 14, large: 0 });

    const plain = new RecordingBackend();
    const without = await playSession(session(), plain, { seed: 1, pace: slow });
    assert.ok(plain.contexts.every((c) => c === undefined));
    assert.ok(!plain.log.some((l) => l.startsWith("warm")));
    assert.equal(without.gathered, undefined);
  });

  it("reads where a session's file lives and what was opened, from the fields or from its source", async () => {
    const dir = mkdtempSync(join(tmpdir(), "replay-context-"));
    const path = join(dir, "s.jsonl");
    const rows = [
      { id: "a", document: "ab", steps: [{ offset: 1, text: "x" }], repo: "r", path: "src/a.ts", opened: [{ path: "src/b.ts", text: "b\n" }] },
      { id: "b", source: "axios@1.21.1/lib/core/settle.js:12", prefix: "p", reference: "q", context: [{ path: "lib/x.js", text: "x\n" }] },
    ];
    writeFileSync(path, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
    const [a, b] = await readSessions(path);
    assert.deepEqual([a.repo, a.path, a.opened], ["r", "src/a.ts", [{ path: "src/b.ts", text: "b\n" }]]);
    assert.deepEqual([b.repo, b.path, b.chunks], ["axios", "lib/core/settle.js", [{ path: "lib/x.js", text: "x\n" }]]);

    writeFileSync(path, JSON.stringify({ document: "ab", steps: [{ offset: 1, text: "x" }], opened: [{ path: "b" }] }) + "\n");
    await assert.rejects(readSessions(path), /:1: opened\[0\] must be \{"path": string, "text": string\}/);
    writeFileSync(path, JSON.stringify({ prefix: "a", reference: "b", context: "not chunks" }) + "\n");
    await assert.rejects(readSessions(path), /:1: field "context" must be an array/);
  });

  it("the committed sessions open files of their own package before typing", async () => {
    const committed = await readSessions(join(process.cwd(), "bench", "replay", "sessions.jsonl"));
    for (const s of committed) {
      assert.ok(s.opened && s.opened.length > 0, `${s.id} opens no files`);
      assert.ok(s.source?.startsWith(`${s.repo}@`) && s.source.includes(`/${s.path}:`), `${s.id}: ${s.repo} ${s.path} vs ${s.source}`);
      assert.ok(s.opened.every((f) => f.path !== s.path && f.text.length > 0), s.id);
    }
  });
});
