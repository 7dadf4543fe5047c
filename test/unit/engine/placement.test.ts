// Which model goes where for given VRAM/RAM figures and model sizes.
import assert from "node:assert/strict";
import { deviceLabel, placePair, type ModelNeeds } from "../../../src/engine/placement";

const GiB = 2 ** 30;
/** A model needing `cpuRam` on the CPU, or `vram` (plus a little host RAM) on the GPU. */
const model = (cpuRam: number, vram: number, gpuRam = 0.1 * GiB): ModelNeeds => ({ cpu: { ram: cpuRam }, gpu: { ram: gpuRam, vram } });

// Qwen2.5-Coder Q8_0 with a 4k context, roughly: 0.5B ~0.7 GB, 7B ~8.6 GB.
const small = model(0.7 * GiB, 0.65 * GiB);
const large = model(8.6 * GiB, 8.2 * GiB);

describe("engine/placement", () => {
  it("no GPU: both on the CPU when the RAM suffices, counting both models", () => {
    const p = placePair(small, large, { gpu: false, ramAvailable: 16 * GiB, vramAvailable: 0 })!;
    assert.deepEqual([p.small, p.large, p.vram], ["cpu", "cpu", 0]);
    assert.ok(Math.abs(p.ram - 9.3 * GiB) < 1e-6 * GiB, String(p.ram));
    assert.equal(placePair(small, large, { gpu: false, ramAvailable: 9 * GiB, vramAvailable: 0 }), undefined);
  });

  it("a GPU with room for both: both on the GPU, little RAM", () => {
    const p = placePair(small, large, { gpu: "cuda", ramAvailable: 4 * GiB, vramAvailable: 24 * GiB })!;
    assert.equal(p.small, "gpu");
    assert.equal(p.large, "gpu");
    assert.ok(Math.abs(p.vram - 8.85 * GiB) < 1e-6 * GiB && Math.abs(p.ram - 0.2 * GiB) < 1e-6 * GiB);
  });

  it("a GPU with room for the large model only: large on the GPU, small on the CPU", () => {
    const p = placePair(small, large, { gpu: "vulkan", ramAvailable: 4 * GiB, vramAvailable: 8.5 * GiB });
    assert.deepEqual(p && [p.small, p.large], ["cpu", "gpu"]);
  });

  it("a GPU too small for the large model: the small one goes there, the large one on the CPU if RAM allows", () => {
    const p = placePair(small, large, { gpu: "metal", ramAvailable: 12 * GiB, vramAvailable: 2 * GiB });
    assert.deepEqual(p && [p.small, p.large], ["gpu", "cpu"]);
    assert.equal(placePair(small, large, { gpu: "metal", ramAvailable: 8 * GiB, vramAvailable: 2 * GiB }), undefined);
  });

  it("RAM and VRAM are counted apart: plenty of one does not make up for the other", () => {
    // 30 GiB of VRAM but no RAM left even for the host-side buffers of GPU models.
    assert.equal(placePair(small, large, { gpu: "cuda", ramAvailable: 0.1 * GiB, vramAvailable: 30 * GiB }), undefined);
    // Lots of RAM, no VRAM: all on the CPU.
    const p = placePair(small, large, { gpu: "cuda", ramAvailable: 64 * GiB, vramAvailable: 0 });
    assert.deepEqual(p && [p.small, p.large], ["cpu", "cpu"]);
  });

  it("unknown estimates do not block a load (the load itself will tell)", () => {
    const unknown = model(Number.NaN, Number.NaN, Number.NaN);
    assert.deepEqual(placePair(unknown, unknown, { gpu: false, ramAvailable: 1, vramAvailable: 0 }), { small: "cpu", large: "cpu", ram: 0, vram: 0 });
  });

  it("labels", () => {
    assert.equal(deviceLabel("cpu", "cuda"), "CPU");
    assert.equal(deviceLabel("gpu", "cuda"), "GPU (cuda)");
  });
});
