// The automatic thread count: physical cores, from stubbed readings of a machine.
import * as assert from "node:assert/strict";
import { automaticThreads, physicalCores, physicalCoresFromCpuinfo, threadsFor } from "../../../src/machine/cores";

/** /proc/cpuinfo of a 4-core, 8-thread CPU: two logical CPUs per core id. */
function cpuinfo(cores: number, threadsPerCore: number): string {
  const blocks: string[] = [];
  for (let c = 0; c < cores; c++) for (let t = 0; t < threadsPerCore; t++) blocks.push(`processor\t: ${blocks.length}\nphysical id\t: 0\ncore id\t\t: ${c}\nsiblings\t: ${cores * threadsPerCore}\n`);
  return blocks.join("\n");
}

describe("machine/cores", () => {
  it("counts physical cores, not hyperthreads, on Linux", () => {
    assert.equal(physicalCoresFromCpuinfo(cpuinfo(4, 2)), 4);
    assert.equal(physicalCores({ platform: "linux", logical: 8, cpuinfo: () => cpuinfo(4, 2) }), 4);
  });

  it("never more than the CPUs this process may use (a container limit)", () => {
    assert.equal(physicalCores({ platform: "linux", logical: 2, cpuinfo: () => cpuinfo(16, 2) }), 2);
  });

  it("macOS asks sysctl; elsewhere, or when nothing can be read, the logical CPUs", () => {
    assert.equal(physicalCores({ platform: "darwin", logical: 10, sysctlPhysical: () => "8\n" }), 8);
    assert.equal(physicalCores({ platform: "win32", logical: 12 }), 12);
    assert.equal(physicalCores({ platform: "linux", logical: 3, cpuinfo: () => "processor: 0\n" }), 3);
  });

  it("automatic: the physical cores, less the cores other work keeps busy, at least one", () => {
    const laptop = { platform: "linux" as const, logical: 16, cpuinfo: () => cpuinfo(8, 2) };
    assert.equal(automaticThreads({ ...laptop, loadAverage: () => 0.4 }), 8);
    assert.equal(automaticThreads({ ...laptop, loadAverage: () => 10.2 }), 6);
    assert.equal(automaticThreads({ platform: "linux", logical: 2, cpuinfo: () => cpuinfo(2, 1), loadAverage: () => 9.7 }), 1);
    assert.equal(automaticThreads({ platform: "win32", logical: 12, loadAverage: () => 0 }), 12);
  });

  it("ead.threads 0 is automatic; any other value is used as is", () => {
    assert.equal(threadsFor(0, () => 6), 6);
    assert.equal(threadsFor(1, () => 6), 1);
    assert.equal(threadsFor(3, () => 6), 3);
  });
});
