// Command-line entry: `node dist/cli.js <command>`.
console.error("ead: no commands yet");
process.exit(2);
