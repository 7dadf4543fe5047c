// The CLI's thread counts default to what the extension uses with ead.threads 0 (the idle physical
// cores), not to 1; the help of every command taking one names that default and this machine's number.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { engineLoadOptions, threadsArg, threadsFlag, UsageError } from "../../../src/cli/args";
import { benchCommand } from "../../../src/cli/bench";
import { calibrateCommand } from "../../../src/cli/calibrate";
import { capacityCommand } from "../../../src/cli/capacity";
import { commandHelp, type Command } from "../../../src/cli/command";
import { completeCommand } from "../../../src/cli/complete";
import { prefillCommand } from "../../../src/cli/prefill";
import { remoteEqualityCommand } from "../../../src/cli/remoteEquality";
import { replayCommand } from "../../../src/cli/replay";
import { shiftCheckCommand } from "../../../src/cli/shiftCheck";
import { speedCommand } from "../../../src/cli/speed";
import { automaticThreads, physicalCores } from "../../../src/machine/cores";
import { repoRoot } from "../helpers/fixtures";

/** Every command that runs a model, with the flag that sets its thread count. */
const THREADED: [Command, string][] = [
  [completeCommand, "threads"],
  [benchCommand, "threads"],
  [calibrateCommand, "threads"],
  [speedCommand, "threads"],
  [replayCommand, "threads"],
  [prefillCommand, "threads"],
  [shiftCheckCommand, "threads"],
  [remoteEqualityCommand, "threads"],
  [capacityCommand, "server-threads"],
];

describe("cli thread counts", () => {
  it("no --threads: the automatic count (the idle physical cores), as ead.threads 0 gives the extension", () => {
    assert.equal(engineLoadOptions({}, () => 6).threads, 6);
    assert.equal(threadsArg({}, "threads", () => 5), 5);
    assert.equal(threadsArg({}, "server-threads", () => 3), 3);
    // On this machine: the same count the extension would take now (the load average may move between readings).
    const before = automaticThreads();
    const threads = engineLoadOptions({}).threads;
    const after = automaticThreads();
    assert.ok(threads >= Math.min(before, after) && threads <= Math.max(before, after), `${threads} vs ${before}..${after}`);
    assert.ok(threads >= 1 && threads <= physicalCores());
  });

  it("an explicit count wins over the automatic one and is checked (1..256, whole)", () => {
    assert.equal(engineLoadOptions({ threads: "1" }, () => 6).threads, 1);
    assert.equal(threadsArg({ "server-threads": "12" }, "server-threads", () => 2), 12);
    for (const bad of ["0", "257", "1.5", "many", ""]) assert.throws(() => threadsArg({ threads: bad }, "threads", () => 2), UsageError, bad);
  });

  it("the help names the automatic default and the number this machine gets now", () => {
    assert.equal(threadsFlag("CPU threads", () => 7).help, "CPU threads (default: the idle physical cores, 7 on this machine now)");
    for (const [command, flag] of THREADED) {
      const line = commandHelp(command).split("\n").find((l) => l.trimStart().startsWith(`--${flag} <n>`));
      assert.ok(line, `${command.name} lists --${flag}`);
      const n = Number(/\(default: the idle physical cores, (\d+) on this machine now\)$/.exec(line)?.[1]);
      assert.ok(n >= 1 && n <= physicalCores(), `${command.name}: ${line}`);
    }
  });

  it("every command parses its thread count through threadsArg (no fixed default left in src/cli)", () => {
    const dir = join(repoRoot, "src", "cli");
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
      const text = readFileSync(join(dir, file), "utf8");
      assert.doesNotMatch(text, /numberArg\([^)]*"(server-)?threads"/, file);
      assert.doesNotMatch(text, /threads[^\n]*\(default \d/, file);
    }
  });
});
