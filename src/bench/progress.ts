// A progress bar on a terminal; on a pipe or log, a line every tenth of the way.

export function progressReporter(stream: NodeJS.WriteStream = process.stderr): (done: number, total: number, label: string) => void {
  const started = Date.now();
  let lastDecile = -1;
  return (done, total, label) => {
    const fraction = total ? done / total : 1;
    const elapsed = (Date.now() - started) / 1000;
    const eta = done ? (elapsed / done) * (total - done) : 0;
    if (stream.isTTY) {
      const width = 28;
      const filled = Math.round(fraction * width);
      stream.write(`\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} ${label.padEnd(28).slice(0, 28)} eta ${eta.toFixed(0)}s `);
      if (done === total) stream.write("\n");
      return;
    }
    const decile = Math.floor(fraction * 10);
    if (decile !== lastDecile || done === total) {
      lastDecile = decile;
      stream.write(`progress ${done}/${total} (${Math.round(fraction * 100)}%) ${label}, ${elapsed.toFixed(0)}s elapsed\n`);
    }
  };
}
