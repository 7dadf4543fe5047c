// After a model file was refused (missing, truncated, not GGUF, ...), watches the files the settings
// name and calls back once one of them changes, so fixing the file in place recovers without a
// restart. Polls with fs.watchFile: it works for paths that do not exist yet and outside the workspace.
import { unwatchFile, watchFile, type Stats } from "node:fs";

export class FileRetry {
  private watched: string[] = [];
  private fired = false;

  constructor(private readonly intervalMs = 1000) {}

  /** Calls `onChange` once, the first time any of `paths` changes (created, replaced, resized). */
  watch(paths: string[], onChange: () => void): void {
    this.clear();
    this.fired = false;
    this.watched = [...new Set(paths.filter(Boolean))];
    const listener = (curr: Stats, prev: Stats) => {
      if (this.fired || (curr.mtimeMs === prev.mtimeMs && curr.size === prev.size && curr.ino === prev.ino)) return;
      this.fired = true;
      this.clear();
      onChange();
    };
    for (const path of this.watched) watchFile(path, { interval: this.intervalMs, persistent: false }, listener);
  }

  clear(): void {
    for (const path of this.watched) unwatchFile(path);
    this.watched = [];
  }
}
