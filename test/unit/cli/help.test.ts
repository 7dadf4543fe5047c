// `ead <command> --help` answers with the command's usage and flags and exit code 0, for every
// command, and the flags it lists are the ones the command accepts.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { parse, UsageError } from "../../../src/cli/args";
import { benchCommand } from "../../../src/cli/bench";
import { calibrateCommand } from "../../../src/cli/calibrate";
import type { Command } from "../../../src/cli/command";
import { completeCommand } from "../../../src/cli/complete";
import { replayCommand } from "../../../src/cli/replay";
import { speedCommand } from "../../../src/cli/speed";
import { testPairCommand } from "../../../src/cli/testPair";
import { cliPath } from "../helpers/fixtures";

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [cliPath, ...args], { encoding: "utf8", timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Flags named in a help text, with whether they take a value. */
function listedFlags(help: string): { name: string; takesValue: boolean }[] {
  return [...help.matchAll(/^ {2}--([\w-]+)( \S+)?/gm)].map((m) => ({ name: m[1], takesValue: m[2] !== undefined }));
}

describe("cli --help", function () {
  this.timeout(120_000);

  it("ead --help lists the commands, exit 0; no command at all is a usage error", () => {
    const r = cli("--help");
    assert.equal(r.code, 0, r.stderr);
    const names = [...r.stdout.matchAll(/^ {2}([\w-]+) {2,}/gm)].map((m) => m[1]);
    assert.deepEqual(names, ["complete", "bench", "calibrate", "speed", "replay", "test-pair", "prefill", "shift-check", "remote-equality", "capacity", "postprocess", "models"]);
    assert.equal(cli().code, 2);
  });

  for (const name of ["complete", "bench", "calibrate", "speed", "replay", "test-pair", "prefill", "shift-check", "remote-equality", "capacity", "postprocess", "models"]) {
    it(`ead ${name} --help prints its usage and flags, exit 0`, () => {
      const r = cli(name, "--help");
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, "");
      assert.match(r.stdout, new RegExp(`^usage: ead ${name} \\[flags\\]\\n`));
      assert.ok(listedFlags(r.stdout).some((f) => f.name === "help"), r.stdout);
      assert.ok(listedFlags(r.stdout).length >= 5, r.stdout);
      // Other spellings give the same text; --help wins over other flags, even unknown ones.
      assert.equal(cli(name, "-h").stdout, r.stdout);
      assert.equal(cli("help", name).stdout, r.stdout);
      assert.equal(cli(name, "--bogus", "--help").stdout, r.stdout);
    });
  }

  it("complete's help names the flags a user needs, with their value placeholders", () => {
    const help = cli("complete", "--help").stdout;
    for (const line of ["--prefix-file <file>", "--suffix-file <file>", "--mode small|large|ead|speculative", "--max-tokens <n>", "--top-k <k>", "--json "]) {
      assert.ok(help.includes(line), `missing ${line}:\n${help}`);
    }
    assert.match(help, /--max-tokens <n> +longest completion in tokens \(1\.\.1024, default 64\)/);
  });

  it("every flag a help text lists is accepted, switches as switches, and nothing else is", () => {
    const commands: Command[] = [completeCommand, benchCommand, calibrateCommand, speedCommand, replayCommand, testPairCommand];
    for (const command of commands) {
      const help = cli(command.name, "--help").stdout;
      const flags = listedFlags(help).filter((f) => f.name !== "help");
      assert.deepEqual(flags.map((f) => f.name).sort(), Object.keys(command.flags).sort(), command.name);
      for (const f of flags) {
        const argv = f.takesValue ? [`--${f.name}`, "7"] : [`--${f.name}`];
        assert.equal(parse(argv, command.flags)[f.name], f.takesValue ? "7" : true, `${command.name} --${f.name}`);
      }
      assert.throws(() => parse(["--not-a-flag"], command.flags), UsageError);
    }
  });
});
