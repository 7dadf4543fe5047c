// Available memory as each OS means it, from stubbed readings of a machine.
import * as assert from "node:assert/strict";
import { availableMemoryBytes, parseVmStat } from "../../../src/machine/memory";

/** vm_stat of an 8 GB Mac with little free memory but much inactive and purgeable. */
const VM_STAT = `Mach Virtual Memory Statistics: (page size of 16384 bytes)
Pages free:                                6000.
Pages active:                            180000.
Pages inactive:                          170000.
Pages speculative:                         4000.
Pages throttled:                              0.
Pages wired down:                         90000.
Pages purgeable:                          20000.
"Translation faults":                  12345678.
Pages copy-on-write:                     123456.
`;

describe("machine/memory", () => {
  it("macOS counts free, inactive, purgeable and speculative pages, not free pages alone", () => {
    const pages = 6000 + 170000 + 20000 + 4000;
    assert.equal(parseVmStat(VM_STAT), pages * 16384);
    const freeOnly = 6000 * 16384;
    const bytes = availableMemoryBytes({ platform: "darwin", freemem: () => freeOnly, vmStat: () => VM_STAT });
    assert.equal(bytes, pages * 16384);
    assert.ok(bytes > 3 * 2 ** 30 && freeOnly < 0.1 * 2 ** 30);
  });

  it("macOS without a readable vm_stat falls back to the free pages", () => {
    assert.equal(availableMemoryBytes({ platform: "darwin", freemem: () => 123, vmStat: () => "nonsense" }), 123);
    assert.equal(
      availableMemoryBytes({ platform: "darwin", freemem: () => 456, vmStat: () => { throw new Error("no vm_stat"); } }),
      456,
    );
  });

  it("Linux and Windows take process.availableMemory() where Node has it, else os.freemem()", () => {
    assert.equal(availableMemoryBytes({ platform: "linux", availableMemory: () => 5e9, freemem: () => 1e9 }), 5e9);
    assert.equal(availableMemoryBytes({ platform: "win32", freemem: () => 2e9 }), 2e9);
  });

  it("reads a positive figure on this machine", () => {
    assert.ok(availableMemoryBytes() > 0);
  });
});
