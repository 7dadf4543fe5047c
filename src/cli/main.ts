// Command-line entry: `node dist/cli.js <command> [options]`.
import { reportError, UsageError } from "./args";
import { COMPLETE_USAGE, runComplete } from "./complete";
import { runSpeedCommand, SPEED_USAGE } from "./speed";
import { BENCH_USAGE, runBench } from "./bench";
import { CALIBRATE_USAGE, runCalibrate } from "./calibrate";
import { runTestPair, TEST_PAIR_USAGE } from "./testPair";

const COMMANDS: Record<string, { run: (argv: string[]) => Promise<number>; usage: string }> = {
  complete: { run: runComplete, usage: COMPLETE_USAGE },
  bench: { run: runBench, usage: BENCH_USAGE },
  calibrate: { run: runCalibrate, usage: CALIBRATE_USAGE },
  speed: { run: runSpeedCommand, usage: SPEED_USAGE },
  "test-pair": { run: runTestPair, usage: TEST_PAIR_USAGE },
};

function usage(): string {
  return ["usage:", ...Object.values(COMMANDS).map((c) => "  " + c.usage.replace(/\n/g, "\n  "))].join("\n");
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "help") {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) throw new UsageError(`unknown command "${name}"; try: ${Object.keys(COMMANDS).join(", ")}`);
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => process.exit(reportError(error)),
);
