// The threads a model gets by default: the machine's physical cores (hyperthreads add little to
// llama.cpp's math and oversubscribe it), never more than this process may run on. The two models
// decode one after the other, so each may use them all. Cores already busy with other work (the
// 1-minute load average at load time) are left out: llama.cpp's threads wait for each other at every
// step, so one thread that shares its core stalls them all (measured in BENCHMARKS.md: on 2 busy cores,
// 2 threads decoded 5-20x slower than 1).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";

export interface CoreReadings {
  platform: NodeJS.Platform;
  /** Logical CPUs this process may use (os.availableParallelism()). */
  logical: number;
  /** /proc/cpuinfo on Linux. */
  cpuinfo?: () => string;
  /** `sysctl -n hw.physicalcpu` on macOS. */
  sysctlPhysical?: () => string;
  /** The 1-minute load average (0 on Windows, where Node cannot read it). */
  loadAverage?: () => number;
}

export function thisMachineCores(): CoreReadings {
  return {
    platform: process.platform,
    logical: availableParallelism(),
    cpuinfo: () => readFileSync("/proc/cpuinfo", "utf8"),
    sysctlPhysical: () => execFileSync("/usr/sbin/sysctl", ["-n", "hw.physicalcpu"], { encoding: "utf8", timeout: 2000 }),
    loadAverage: () => loadavg()[0],
  };
}

/** Distinct (physical id, core id) pairs in /proc/cpuinfo; undefined when it does not list them. */
export function physicalCoresFromCpuinfo(text: string): number | undefined {
  const cores = new Set<string>();
  for (const block of text.split(/\n\s*\n/)) {
    const core = /^core id\s*:\s*(\d+)/m.exec(block)?.[1];
    if (core === undefined) continue;
    cores.add(`${/^physical id\s*:\s*(\d+)/m.exec(block)?.[1] ?? 0}:${core}`);
  }
  return cores.size > 0 ? cores.size : undefined;
}

export function physicalCores(r: CoreReadings = thisMachineCores()): number {
  let physical: number | undefined;
  try {
    if (r.platform === "linux" && r.cpuinfo) physical = physicalCoresFromCpuinfo(r.cpuinfo());
    else if (r.platform === "darwin" && r.sysctlPhysical) physical = Number.parseInt(r.sysctlPhysical().trim(), 10) || undefined;
  } catch {
    physical = undefined;
  }
  return Math.max(1, Math.min(physical ?? r.logical, r.logical));
}

/** Physical cores, less those other work keeps busy now (at least 1). */
export function automaticThreads(r: CoreReadings = thisMachineCores()): number {
  const physical = physicalCores(r);
  const busy = Math.floor(Math.max(0, r.loadAverage?.() ?? 0));
  return Math.max(1, Math.min(physical, r.logical - busy));
}

/** The ead.threads setting: 0 means automatic (the idle physical cores), any other value is used as is. */
export function threadsFor(setting: number, cores: () => number = () => automaticThreads()): number {
  return setting > 0 ? setting : cores();
}
