// Test model files made from the fixture pair, and a local stand-in for a model hub.
import { copyFile, readFile, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { createReadStream, readFileSync, statSync } from "node:fs";
import type { AddressInfo, Socket } from "node:net";

/** A copy of `source` whose vocabulary differs in one token ("<|repo_name|>" becomes "<|rXpo_name|>"). */
export async function writeMismatchedModel(source: string, target: string): Promise<void> {
  const bytes = await readFile(source);
  const from = Buffer.from("<|repo_name|>");
  const at = bytes.indexOf(from);
  if (at < 0) throw new Error(`${source} has no <|repo_name|> token`);
  Buffer.from("<|rXpo_name|>").copy(bytes, at);
  await writeFile(target, bytes);
}

export async function copyModel(source: string, target: string): Promise<void> {
  await copyFile(source, target);
}

/**
 * How the hub misbehaves when serving a file: `error` answers 500; `drop` sends half the body and
 * closes the connection; `short` sends a well-formed response holding only the first half of the file;
 * `stall` sends half the body and then nothing more, keeping the connection open.
 */
export type HubFault = "error" | "drop" | "short" | "stall";

export interface FakeHub {
  /** Base URL with a trailing slash, for `endpoints.huggingFace`. */
  url: string;
  /** Paths requested, in order. */
  requests: string[];
  /** The fault file requests get now; set to undefined to serve files normally again. */
  fault: HubFault | undefined;
  close(): Promise<void>;
}

/**
 * Serves `files` (repo "user/name" -> local GGUF) the way a model hub does for node-llama-cpp:
 * `/v2/<user>/<name>/manifests/<tag>` and `/<user>/<name>/resolve/main/<file>`, on 127.0.0.1 only.
 * `bytesPerSecond` slows the body down so a test can cancel mid-download.
 */
export async function startFakeHub(files: Record<string, string>, options: { bytesPerSecond?: number; fault?: HubFault } = {}): Promise<FakeHub> {
  const requests: string[] = [];
  const state = { fault: options.fault };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    requests.push(url.pathname);
    const manifest = /^\/v2\/([^/]+)\/([^/]+)\/manifests\/([^/]+)$/.exec(url.pathname);
    if (manifest) {
      const repo = `${decodeURIComponent(manifest[1])}/${decodeURIComponent(manifest[2])}`;
      if (!files[repo]) return void res.writeHead(404).end();
      const rfilename = `${manifest[2].replace(/-gguf$/i, "").toLowerCase()}-${manifest[3].toLowerCase()}.gguf`;
      res.writeHead(200, { "content-type": "application/json" });
      return void res.end(JSON.stringify({ ggufFile: { rfilename, size: statSync(files[repo]).size } }));
    }
    const resolve = /^\/([^/]+)\/([^/]+)\/resolve\/main\/(.+)$/.exec(url.pathname);
    if (resolve) {
      const repo = `${decodeURIComponent(resolve[1])}/${decodeURIComponent(resolve[2])}`;
      const file = files[repo];
      if (!file) return void res.writeHead(404).end();
      const size = statSync(file).size;
      if (state.fault === "error") return void res.writeHead(500, { "content-type": "text/plain" }).end("internal error");
      if (state.fault === "short" || state.fault === "drop" || state.fault === "stall") {
        const half = readFileSync(file).subarray(0, size >> 1);
        res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(state.fault === "short" ? half.length : size), "accept-ranges": "none" });
        if (req.method === "HEAD") return void res.end();
        if (state.fault === "short") return void res.end(half);
        if (state.fault === "stall") return void res.write(half);
        return void res.write(half, () => setTimeout(() => res.destroy(), 50));
      }
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(size), "accept-ranges": "none" });
      if (req.method === "HEAD") return void res.end();
      const stream = createReadStream(file, { highWaterMark: 64 * 1024 });
      res.on("close", () => stream.destroy());
      if (!options.bytesPerSecond) return void stream.pipe(res);
      const delayPerChunk = (64 * 1024 * 1000) / options.bytesPerSecond;
      stream.on("data", (chunk) => {
        stream.pause();
        res.write(chunk);
        setTimeout(() => stream.resume(), delayPerChunk);
      });
      stream.on("end", () => res.end());
      return;
    }
    res.writeHead(404).end();
  });
  // Every connection is tracked and destroyed on close, so that no client socket (a downloader's
  // keep-alive or an abandoned transfer) keeps the test process alive.
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    get fault() {
      return state.fault;
    },
    set fault(value: HubFault | undefined) {
      state.fault = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      }),
  };
}
