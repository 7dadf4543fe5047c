// What a CLI subcommand is: its name, one line on what it does, its flags (each with its help text)
// and what it runs. The parser accepts exactly the declared flags and `--help` prints them, so adding
// a flag is one entry in the command's `flags`, and adding a command is one file plus one line in main.ts.

export interface Flag {
  /** Placeholder of the value (e.g. "<file>"); absent for an on/off switch. */
  value?: string;
  help: string;
}

export type Flags = Readonly<Record<string, Flag>>;

export type FlagValues = Record<string, string | boolean | undefined>;

export interface Command {
  name: string;
  summary: string;
  flags: Flags;
  /** Optional extra lines after the flags (examples, notes). */
  notes?: string;
  /** Runs with the parsed flags (`argv` as given, for a command line to record). */
  run(values: FlagValues, argv: readonly string[]): Promise<number>;
}

/** The answer to `ead <command> --help`. */
export function commandHelp(command: Command): string {
  const rows = Object.entries(command.flags).map(([name, flag]) => [`--${name}${flag.value ? " " + flag.value : ""}`, flag.help]);
  rows.push(["--help", "show this help"]);
  const width = Math.max(...rows.map(([left]) => left.length));
  return [
    `usage: ead ${command.name} [flags]`,
    command.summary,
    "",
    "flags:",
    ...rows.map(([left, help]) => `  ${left.padEnd(width)}  ${help}`),
    ...(command.notes ? ["", command.notes] : []),
  ].join("\n");
}

/** The answer to `ead --help`. */
export function overviewHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    "usage: ead <command> [flags]",
    "",
    "commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "ead <command> --help lists the flags of a command.",
  ].join("\n");
}

export function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes("--help") || argv.includes("-h");
}
