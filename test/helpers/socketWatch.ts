// Internet sockets a process holds, read from /proc (Linux), and a sampler that keeps reading them while
// tests run: a single look at the end cannot see a connection opened and closed before it.
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

/** Inodes of the TCP/UDP sockets (IPv4 and IPv6) process `pid` holds now; empty if it is gone. */
export function inetSockets(pid: number): string[] {
  const inodes = new Set<string>();
  let fds: string[] = [];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return [];
  }
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]);
    } catch {
      // closed meanwhile
    }
  }
  const rows = ["tcp", "tcp6", "udp", "udp6"].flatMap((table) => {
    try {
      return readFileSync(`/proc/${pid}/net/${table}`, "utf8").split("\n").slice(1);
    } catch {
      return [];
    }
  });
  return rows.map((row) => row.trim().split(/\s+/)[9]).filter((inode) => inode !== undefined && inodes.has(inode));
}

/** Reads `pid()`'s internet sockets every `intervalMs` until stopped; keeps every one it saw. */
export class SocketSampler {
  readonly seen = new Set<string>();
  samples = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly pid: () => number | undefined, private readonly intervalMs = 25) {}

  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    return this;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
  }

  private sample(): void {
    const pid = this.pid();
    if (pid === undefined) return;
    this.samples++;
    for (const inode of inetSockets(pid)) this.seen.add(`${pid}:${inode}`);
  }
}
