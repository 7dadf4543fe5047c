// The suggested preset for stubbed machines: 8, 16 and 32 GB, with and without a GPU.
import * as assert from "node:assert/strict";
import { suggestedPreset } from "../../../src/models/presets";

const GB = 2 ** 30;

describe("models/presets: the pair suggested from the machine's memory", () => {
  const cases: [string, boolean, number, number, "cpu" | "gpu"][] = [
    ["8 GB Mac (Apple GPU, unified memory)", true, 8 * GB, 8, "cpu"],
    ["16 GB Mac", true, 16 * GB, 8, "gpu"],
    ["32 GB Mac", true, 32 * GB, 10, "gpu"],
    ["8 GB laptop, no GPU", false, 8 * GB, 4, "cpu"],
    ["16 GB laptop, no GPU", false, 16 * GB, 8, "cpu"],
    ["32 GB desktop, no GPU, 8 cores", false, 32 * GB, 8, "gpu"],
    ["32 GB desktop, no GPU, 4 cores", false, 32 * GB, 4, "cpu"],
    ["8 GB machine with a GPU", true, 8 * GB, 8, "cpu"],
    ["32 GB machine with a GPU", true, 32 * GB, 4, "gpu"],
  ];
  for (const [machine, gpu, memory, cores, expected] of cases) {
    it(`${machine}: the ${expected.toUpperCase()} pair`, () => assert.equal(suggestedPreset(gpu, memory, cores).id, expected));
  }
});
