// Where each model of a pair runs: the pure decision, from memory figures and per-model estimates.
// With a GPU the large model goes there first (it gains most), then the small one if it still fits;
// whatever does not fit in video memory runs on the CPU. RAM and VRAM are counted apart.

/** The `ead.gpu` setting: find a GPU, use none, or a named node-llama-cpp backend. */
export type GpuSetting = "auto" | "off" | "cuda" | "vulkan" | "metal";
export const GPU_SETTINGS: readonly GpuSetting[] = ["auto", "off", "cuda", "vulkan", "metal"];

/** Where a model runs; "remote": the large model on a team server (ead.largeServer). */
export type Device = "cpu" | "gpu" | "remote";

/** Estimated memory of one model with its context, bytes, on each device. */
export interface ModelNeeds {
  cpu: { ram: number };
  gpu: { ram: number; vram: number };
}

export interface MemoryFigures {
  /** The GPU backend in use (cuda, vulkan, metal), or false for none. */
  gpu: string | false;
  ramAvailable: number;
  vramAvailable: number;
}

export interface Placement {
  small: Device;
  large: Device;
  /** Totals of the chosen placement, bytes. */
  ram: number;
  vram: number;
}

/** Candidates in order of preference: large before small on the GPU. */
const CANDIDATES: readonly [Device, Device][] = [
  ["gpu", "gpu"],
  ["cpu", "gpu"],
  ["gpu", "cpu"],
  ["cpu", "cpu"],
];

// An unknown estimate (NaN) counts as zero: the load itself will tell.
const known = (n: number) => (Number.isFinite(n) ? n : 0);

function totals(small: ModelNeeds, large: ModelNeeds, s: Device, l: Device): { ram: number; vram: number } {
  const need = (m: ModelNeeds, d: Device) => (d === "gpu" ? m.gpu : { ram: m.cpu.ram, vram: 0 });
  const a = need(small, s);
  const b = need(large, l);
  return { ram: known(a.ram) + known(b.ram), vram: known(a.vram) + known(b.vram) };
}

/** The preferred placement that fits, or undefined when none does (not even both on the CPU). */
export function placePair(small: ModelNeeds, large: ModelNeeds, memory: MemoryFigures): Placement | undefined {
  for (const [s, l] of CANDIDATES) {
    if (!memory.gpu && (s === "gpu" || l === "gpu")) continue;
    const t = totals(small, large, s, l);
    if (t.ram <= memory.ramAvailable && t.vram <= memory.vramAvailable) return { small: s, large: l, ...t };
  }
  return undefined;
}

/** Both models on the CPU: the figures an out-of-memory message names when nothing fits. */
export function cpuOnlyNeeds(small: ModelNeeds, large: ModelNeeds): number {
  return totals(small, large, "cpu", "cpu").ram;
}

/** "CPU", or "GPU (cuda)". */
export function deviceLabel(device: Device, backend: string | false): string {
  if (device === "remote") return "the team server";
  return device === "gpu" ? `GPU (${backend || "unknown"})` : "CPU";
}
