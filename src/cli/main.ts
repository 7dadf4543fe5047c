// Command-line entry: `node dist/cli.js <command> [flags]`; `<command> --help` lists a command's flags.
import { parse, reportError, UsageError } from "./args";
import { benchCommand } from "./bench";
import { calibrateCommand } from "./calibrate";
import { commandHelp, overviewHelp, wantsHelp, type Command } from "./command";
import { capacityCommand } from "./capacity";
import { completeCommand } from "./complete";
import { replayCommand } from "./replay";
import { prefillCommand } from "./prefill";
import { postprocessCommand } from "./postprocess";
import { remoteEqualityCommand } from "./remoteEquality";
import { shiftCheckCommand } from "./shiftCheck";
import { speedCommand } from "./speed";
import { testPairCommand } from "./testPair";
import { modelsCommand } from "./models";

/** Every subcommand; a new one is added here. */
const COMMANDS: readonly Command[] = [completeCommand, benchCommand, calibrateCommand, speedCommand, replayCommand, testPairCommand, prefillCommand, shiftCheckCommand, remoteEqualityCommand, capacityCommand, postprocessCommand, modelsCommand];

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    const topic = name === "help" ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    console.log(topic ? commandHelp(topic) : overviewHelp(COMMANDS));
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) throw new UsageError(`unknown command "${name}"; try: ${COMMANDS.map((c) => c.name).join(", ")}`);
  if (wantsHelp(rest)) {
    console.log(commandHelp(command));
    return 0;
  }
  return command.run(parse(rest, command.flags), rest);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => process.exit(reportError(error)),
);
