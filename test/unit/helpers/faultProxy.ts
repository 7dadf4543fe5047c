// A proxy in front of a real llama-server that injects the faults a team server shows: delays,
// error statuses, and streams cut off mid-way. Everything it does not change is forwarded as is.
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Faults {
  /** Delay before forwarding each request, ms. */
  delayMs?: number;
  /** Answer /completion with this status instead of forwarding. */
  completionStatus?: number;
  /** Cut the /completion stream after this many bytes of answer. */
  cutCompletionAfterBytes?: number;
}

export class FaultProxy {
  faults: Faults = {};
  /** Requests seen, by path. */
  readonly seen: string[] = [];
  /** Called as each request arrives (before any delay), with its path. */
  onRequest: ((path: string) => void) | undefined;
  /**
   * Connections the client closed before the answer ended (server-side evidence of a cancel): the
   * request's path and when (Date.now()).
   */
  readonly clientClosed: { path: string; at: number }[] = [];
  private server: Server | undefined;

  constructor(private readonly target: string) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = req.url ?? "/";
    this.seen.push(path);
    res.on("close", () => {
      if (!res.writableFinished) this.clientClosed.push({ path, at: Date.now() });
    });
    this.onRequest?.(path);
    const { delayMs, completionStatus, cutCompletionAfterBytes } = this.faults;
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    const isCompletion = path.startsWith("/completion");
    if (isCompletion && completionStatus) {
      req.resume();
      res.writeHead(completionStatus, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ error: { code: completionStatus, message: "injected failure" } }));
      return;
    }
    const upstream = request(`${this.target}${path}`, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      let sent = 0;
      answer.on("data", (chunk: Buffer) => {
        if (sent === Infinity) return;
        if (isCompletion && cutCompletionAfterBytes !== undefined && sent + chunk.length > cutCompletionAfterBytes) {
          // The connection drops a moment after the bytes before the cut have left (a reader that
          // has not read them yet loses them, as with any dropped connection).
          answer.destroy();
          res.write(chunk.subarray(0, Math.max(0, cutCompletionAfterBytes - sent)), () => setTimeout(() => res.socket?.destroy(), 300));
          sent = Infinity;
          return;
        }
        sent += chunk.length;
        res.write(chunk);
      });
      answer.on("end", () => res.end());
    });
    upstream.on("error", () => res.socket?.destroy());
    req.pipe(upstream);
  }
}
