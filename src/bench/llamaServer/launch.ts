// Starts a llama-server process on 127.0.0.1 and waits until it serves: for tests, the replay's peer
// and the capacity benchmark. The server is llama.cpp's own; nothing here changes how it works.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

export interface LaunchOptions {
  binary: string;
  model: string;
  threads: number;
  /** Total context (split across slots). */
  contextSize?: number;
  /** Parallel slots (clients each keep one). */
  slots?: number;
  /** Further command-line arguments, e.g. ["--cache-reuse", "256"]. */
  args?: readonly string[];
  port?: number;
  /** How long to wait for /health (ms). */
  startTimeoutMs?: number;
}

export interface LlamaServerProcess {
  readonly url: string;
  readonly port: number;
  readonly child: ChildProcess;
  /** The last lines the server wrote (for error messages). */
  logTail(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      const port = typeof address === "object" && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export async function launchLlamaServer(options: LaunchOptions): Promise<LlamaServerProcess> {
  const port = options.port ?? (await freePort());
  const slots = options.slots ?? 1;
  const args = [
    "-m", options.model,
    "--host", "127.0.0.1",
    "--port", String(port),
    "-t", String(options.threads),
    "-tb", String(options.threads),
    "-c", String(options.contextSize ?? 2048 * slots),
    "-np", String(slots),
    "--metrics",
    "--slots",
    ...(options.args ?? []),
  ];
  const child = spawn(options.binary, args, { stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) lines.push(line);
    if (lines.length > 40) lines.splice(0, lines.length - 40);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const server: LlamaServerProcess = {
    url,
    port,
    child,
    logTail: () => lines.join("\n"),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    },
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`llama-server exited (code ${exitCode}) before serving:\n${server.logTail()}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return server;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await server.stop();
  throw new Error(`llama-server did not become ready within ${options.startTimeoutMs ?? 60_000} ms:\n${server.logTail()}`);
}
