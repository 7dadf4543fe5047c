// Broken model files before anything is loaded: empty, truncated (inside the header, inside the tensor
// data, one byte short), not GGUF, a corrupt header, a missing path, a directory. Each is refused
// with an EngineError naming the file and the problem, fast; garbled header bytes never hang the
// check. A file that passes the header check but that llama.cpp still refuses gets llama.cpp's reason,
// and the engine process stays up for the next load.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EngineError } from "../../../src/engine/errors";
import { EngineClient } from "../../../src/host/engineClient";
import { checkPair } from "../../../src/engine/modelfiles/pairCheck";
import { pairDifference, type VocabFacts } from "../../../src/engine/modelfiles/pairRule";
import { fixtures, hostScript } from "../helpers/fixtures";

describe("reliability: broken model files", function () {
  this.timeout(60_000);
  let dir: string;
  let model: Buffer;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "ead-badmodel-"));
    model = readFileSync(fixtures.small);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const file = (name: string, bytes: Buffer | string) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };

  const cases: { name: string; make: () => string; code: string; problem: RegExp }[] = [
    { name: "empty", make: () => file("empty.gguf", ""), code: "MODEL_INVALID", problem: /empty\.gguf is empty \(0 bytes\)/ },
    { name: "a few bytes", make: () => file("stub.gguf", model.subarray(0, 10)), code: "MODEL_INVALID", problem: /stub\.gguf is truncated \(10 bytes\)/ },
    { name: "cut inside the header", make: () => file("head.gguf", model.subarray(0, 4000)), code: "MODEL_INVALID", problem: /head\.gguf is (truncated|corrupt)/ },
    { name: "cut inside the tensor data", make: () => file("half.gguf", model.subarray(0, model.length >> 1)), code: "MODEL_INVALID", problem: /half\.gguf is truncated: it has \d+ bytes, but its header describes \d+/ },
    { name: "one byte short", make: () => file("short1.gguf", model.subarray(0, model.length - 1)), code: "MODEL_INVALID", problem: /short1\.gguf is truncated/ },
    { name: "not GGUF (text)", make: () => file("notes.gguf", "# not a model\n".repeat(10)), code: "MODEL_INVALID", problem: /notes\.gguf is not a GGUF file \(wrong magic bytes\)/ },
    {
      name: "corrupt header (garbled length)",
      make: () => {
        const b = Buffer.from(model);
        b.fill(0xff, 30, 38);
        return file("garbled.gguf", b);
      },
      code: "MODEL_INVALID",
      problem: /garbled\.gguf is corrupt: its GGUF header could not be read/,
    },
    { name: "missing path", make: () => join(dir, "nope.gguf"), code: "MODEL_MISSING", problem: /small model file .*nope\.gguf does not exist/ },
    {
      name: "a directory",
      make: () => {
        const d = join(dir, "models.gguf");
        mkdirSync(d, { recursive: true });
        return d;
      },
      code: "MODEL_INVALID",
      problem: /small model path .*models\.gguf is a directory; choose a \.gguf file/,
    },
  ];

  for (const c of cases) {
    it(`${c.name}: refused with the file and the problem named`, async () => {
      const path = c.make();
      const t0 = Date.now();
      await assert.rejects(checkPair(path, fixtures.large), (e: unknown) => {
        assert.ok(e instanceof EngineError, String(e));
        assert.equal(e.code, c.code, e.message);
        assert.match(e.message, c.problem);
        assert.match(e.message, /small model/);
        return true;
      });
      assert.ok(Date.now() - t0 < 5000, `took ${Date.now() - t0} ms`);
    });
  }

  it("garbled bytes anywhere in the header: refused or accepted, never a hang or a crash", async () => {
    const results: string[] = [];
    const t0 = Date.now();
    for (let offset = 4; offset < 130_000; offset += 4099) {
      const b = Buffer.from(model);
      b.fill(0xa5, offset, offset + 16);
      const path = file(`fuzz-${offset}.gguf`, b);
      try {
        await checkPair(path, fixtures.large);
        results.push("ok");
      } catch (e) {
        assert.ok(e instanceof EngineError, `offset ${offset}: not an EngineError: ${e}`);
        assert.match(e.message, new RegExp(`fuzz-${offset}\\.gguf`));
        results.push(e.code);
      }
    }
    console.log(`      ${results.length} garbled files in ${Date.now() - t0} ms: ${results.join(" ")}`);
    assert.ok(Date.now() - t0 < 30_000);
  });

  it("tokenizer type or special tokens that differ are named as the reason a pair is refused", () => {
    const base: VocabFacts = { name: "a.gguf", tokens: ["a", "b"], model: "gpt2", special: { eos: 1, fimPrefix: 2 } };
    assert.match(pairDifference(base, { ...base, name: "b.gguf", model: "llama" })!, /tokenizer types differ \("gpt2" in a.gguf, "llama" in b.gguf\)/);
    // End-of-text ids are compared where the files add one (llama.cpp's rule); FIM ids never are.
    assert.match(pairDifference({ ...base, addEos: true }, { ...base, name: "b.gguf", addEos: true, special: { eos: 0 } })!, /end-of-text token differs \(id 1 in a.gguf, id 0 in b.gguf/);
    assert.equal(pairDifference(base, { ...base, special: { eos: 1, fimPrefix: 3 } }), undefined);
    assert.equal(pairDifference(base, { ...base }), undefined);
  });

  it("a file the header check passes but llama.cpp refuses: llama.cpp's reason, and the engine process stays up", async () => {
    // Garbling a metadata key name keeps the header readable but loses a key llama.cpp needs.
    const b = Buffer.from(model);
    const at = b.indexOf(Buffer.from("context_length"));
    assert.ok(at > 0);
    b.write("contXxt_length", at, "latin1");
    const path = file("nokey.gguf", b);
    await checkPair(path, fixtures.large); // passes the header checks
    const client = new EngineClient({ hostScript });
    try {
      await assert.rejects(client.load({ smallModelPath: path, largeModelPath: fixtures.large, threads: 1 }), (e: unknown) => {
        assert.ok(e instanceof EngineError);
        assert.equal(e.code, "MODEL_INVALID");
        assert.match(e.message, /The small model file nokey\.gguf could not be loaded: .*context_length/);
        return true;
      });
      const pid = client.pid;
      assert.ok(pid, "the engine process is still running");
      const info = await client.load({ smallModelPath: fixtures.small, largeModelPath: fixtures.large, threads: 1 });
      assert.equal(info.small.name, "small.gguf");
      assert.equal(client.pid, pid, "the same process loaded the good pair");
    } finally {
      await client.dispose();
    }
  });
});
