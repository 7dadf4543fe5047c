// The memory a model pair can have now, as each OS means "available": Linux's MemAvailable (Node's
// process.availableMemory(), which also honours a cgroup limit), Windows' available physical memory
// (os.freemem()), and on macOS free plus inactive, purgeable and speculative pages (vm_stat): macOS keeps
// memory in those pages and hands it out on demand, so counting free pages alone refuses pairs that fit.
import { execFileSync } from "node:child_process";
import { freemem } from "node:os";

/** The readings `availableMemoryBytes` uses; tests pass stubbed ones. */
export interface MemoryReadings {
  platform: NodeJS.Platform;
  /** process.availableMemory() where Node has it. */
  availableMemory?: () => number;
  freemem: () => number;
  /** The output of macOS's `vm_stat`. */
  vmStat?: () => string;
}

export function thisMachineReadings(): MemoryReadings {
  const p = process as unknown as { availableMemory?: () => number };
  return {
    platform: process.platform,
    availableMemory: typeof p.availableMemory === "function" ? () => p.availableMemory!() : undefined,
    freemem,
    vmStat: () => execFileSync("/usr/bin/vm_stat", { encoding: "utf8", timeout: 2000 }),
  };
}

/** Bytes that macOS can give a program now, from `vm_stat` output; undefined when it cannot be read. */
export function parseVmStat(text: string): number | undefined {
  const pageSize = Number(/page size of (\d+) bytes/.exec(text)?.[1]);
  if (!Number.isFinite(pageSize) || pageSize <= 0) return undefined;
  const pages = (label: string) => Number(new RegExp(`^${label}:\\s+(\\d+)`, "m").exec(text)?.[1] ?? 0);
  const total = pages("Pages free") + pages("Pages inactive") + pages("Pages purgeable") + pages("Pages speculative");
  return total > 0 ? total * pageSize : undefined;
}

export function availableMemoryBytes(readings: MemoryReadings = thisMachineReadings()): number {
  if (readings.platform === "darwin" && readings.vmStat) {
    try {
      const bytes = parseVmStat(readings.vmStat());
      if (bytes !== undefined) return Math.max(bytes, readings.freemem());
    } catch {
      // vm_stat missing or failed: the free pages are a floor.
    }
    return readings.freemem();
  }
  const available = readings.availableMemory?.();
  return available !== undefined && available > 0 ? available : readings.freemem();
}
