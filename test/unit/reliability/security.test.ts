// Security properties checked on the code itself: no telemetry, no network access except the model
// download a user starts, webview scripts that fetch nothing; and the engine process, which trusts
// nothing it receives, answers malformed requests with an error and keeps serving.
import assert from "node:assert/strict";
import { fork } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import * as esbuild from "esbuild";
import { isHostRequest, type HostEvent } from "../../../src/host/protocol";
import { networkModules } from "../helpers/bundleNetwork";
import { hostScript, repoRoot } from "../helpers/fixtures";

function files(dir: string, ext: RegExp): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...files(path, ext));
    else if (ext.test(name)) out.push(path);
  }
  return out;
}

describe("reliability: security", function () {
  this.timeout(60_000);
  const sources = files(join(repoRoot, "src"), /\.ts$/).map((p) => ({ path: relative(repoRoot, p), text: readFileSync(p, "utf8") }));

  it("no telemetry: no telemetry API or reporter anywhere in the extension", () => {
    const hits = sources.filter((s) => /telemetry|createTelemetryLogger|applicationinsights/i.test(s.text)).map((s) => s.path);
    assert.deepEqual(hits, []);
  });

  it("no network code in the extension except the model downloader and the team-server client", () => {
    const net = /from "node:(http|https|http2|net|tls|dgram)"|require\("(node:)?(http|https|http2|net|tls|dgram)"\)|\bfetch\(|XMLHttpRequest|WebSocket|\bundici\b/;
    // The benchmarks (CLI only) drive llama-server on loopback; the extension talks to a team server
    // only through the remote lane's client, and only when ead.largeServer names one.
    const outsideBench = sources.filter((s) => net.test(s.text) && !s.path.startsWith(join("src", "bench") + "/")).map((s) => s.path);
    assert.deepEqual(outsideBench, [join("src", "engine", "remote", "serverApi.ts")]);
    const clients = sources.filter((s) => /new ServerApi\(/.test(s.text)).map((s) => s.path);
    assert.deepEqual(clients, [join("src", "engine", "remote", "remoteLane.ts")]);
    const lanes = sources.filter((s) => /remoteLargeLane\(/.test(s.text) && !s.path.endsWith("connect.ts")).map((s) => s.path);
    assert.deepEqual(lanes, [join("src", "engine", "engine.ts")], "the engine makes a remote lane only for the largeServer load option");
    const downloaders = sources.filter((s) => /createModelDownloader|resolveModelFile/.test(s.text)).map((s) => s.path);
    assert.deepEqual(downloaders, [join("src", "engine", "modelfiles", "download.ts")]);
    const callers = sources.filter((s) => /\bdownloadModel\(/.test(s.text) && !s.path.endsWith("download.ts")).map((s) => s.path);
    // The engine process downloads, on a "download" request; the manager sends it from download() alone,
    // and only the download command and the "Download" button call that.
    assert.deepEqual(callers, [join("src", "host", "engineHostMain.ts")]);
    const requesters = sources.filter((s) => /\.client\.download\(|type: "download"/.test(s.text)).map((s) => s.path).sort();
    assert.deepEqual(requesters, [join("src", "host", "engineClient.ts"), join("src", "host", "protocol.ts"), join("src", "models", "modelDownloads.ts")]);
    const downloads = sources.find((s) => s.path.endsWith("modelDownloads.ts"))!.text;
    assert.equal(downloads.match(/\.client\.download\(/g)?.length, 1);
    assert.equal(downloads.match(/downloadModelFiles\(/g)?.length, 2, "the function itself and Retry after a failed download");
    const manager = sources.find((s) => s.path.endsWith("manager.ts"))!.text;
    assert.equal(manager.match(/downloadModelFiles\(/g)?.length, 1, "the manager's download() alone");
    assert.equal(manager.match(/this\.download\(/g)?.length, 2, "downloadModels (the command) and the Download button");
  });

  it("the built bundles hold network code only in the team-server client: no network module, no global fetch", () => {
    // The extension host's bundle reaches no network at all; the engine process's only in serverApi.ts.
    const allowed: Record<string, string[]> = { "dist/extension.js": [], "dist/engine-host.js": ["src/engine/remote/serverApi.ts"] };
    for (const [bundle, modules] of Object.entries(allowed)) {
      const found = networkModules(readFileSync(join(repoRoot, bundle), "utf8"));
      assert.deepEqual(found.map((f) => f.module), modules, `${bundle}: ${JSON.stringify(found)}`);
    }
  });

  it("positive control: the bundle scan finds network code planted in a module, global fetch included", async () => {
    const root = mkdtempSync(join(tmpdir(), "ead-planted-"));
    const planted: Record<string, string> = {
      fetchCall: `export const f = (u: string) => fetch(u);`,
      globalFetch: `export const f = (u: string) => globalThis.fetch(u);`,
      bracketFetch: `export const f = (u: string) => (globalThis as any)["fetch"](u);`,
      httpModule: `import { request } from "node:http"; export const f = () => request("http://127.0.0.1:9");`,
      socket: `import * as net from "net"; export const f = () => net.connect(9);`,
      webSocket: `export const f = () => new WebSocket("ws://127.0.0.1:9");`,
      // Words alone are not calls: a prefetch method and an error text that names fetch.
      clean: `export const f = { prefetch(x: number) { return x; }, why: /fetch failed/ }; // fetch(url) in a comment`,
    };
    mkdirSync(join(root, "src"));
    for (const [name, code] of Object.entries(planted)) writeFileSync(join(root, "src", `${name}.ts`), code);
    writeFileSync(join(root, "src", "entry.ts"), Object.keys(planted).map((n) => `export * as ${n} from "./${n}";`).join("\n"));
    const result = await esbuild.build({ entryPoints: [join(root, "src", "entry.ts")], absWorkingDir: root, bundle: true, platform: "node", format: "cjs", write: false, logLevel: "silent" });
    const found = networkModules(result.outputFiles[0].text).map((f) => f.module).sort();
    const expected = Object.keys(planted).filter((n) => n !== "clean").map((n) => `src/${n}.ts`).sort();
    assert.deepEqual(found, expected);
  });

  it("webview scripts fetch nothing and reference no remote resource", () => {
    for (const path of files(join(repoRoot, "media"), /\.(js|css)$/)) {
      const text = readFileSync(path, "utf8").replace(/"http:\/\/www\.w3\.org\/2000\/svg"/g, "SVG_NS");
      assert.doesNotMatch(text, /\bfetch\(|XMLHttpRequest|WebSocket|EventSource|sendBeacon|import\(|https?:\/\/|@import|url\(/, relative(repoRoot, path));
    }
  });

  it("the engine protocol rejects load options of the wrong type or range", () => {
    const load = (options: Record<string, unknown>) => ({ type: "load", id: 1, options: { smallModelPath: "a", largeModelPath: "b", ...options } });
    assert.ok(isHostRequest(load({ threads: 2, contextSize: 4096, batchSize: 128, fimLimits: { maxPrefixTokens: 2048, maxSuffixTokens: 512 } })));
    for (const bad of [{ threads: -1 }, { threads: 1.5 }, { threads: "4" }, { contextSize: 1e12 }, { batchSize: 0 }, { fimLimits: null }, { fimLimits: { maxPrefixTokens: "x", maxSuffixTokens: 1 } }]) {
      assert.equal(isHostRequest(load(bad)), false, JSON.stringify(bad));
    }
  });

  it("the engine process answers malformed requests with an error and keeps serving", async () => {
    const child = fork(hostScript, [], { serialization: "advanced", stdio: ["ignore", "pipe", "pipe", "ipc"] });
    const events: HostEvent[] = [];
    child.on("message", (m: HostEvent) => events.push(m));
    const waitFor = async (pred: () => boolean) => {
      for (let i = 0; i < 500 && !pred(); i++) await new Promise((r) => setTimeout(r, 10));
      assert.ok(pred(), "timed out");
    };
    try {
      await waitFor(() => events.some((e) => e.type === "ready"));
      const garbage: unknown[] = [
        null, 42, "load", [], { type: "eval", id: 5, code: "process.exit()" }, { type: "complete", id: 6, request: { prefix: 7 } },
        { type: "load", id: 7, options: { smallModelPath: "a", largeModelPath: "b", threads: "9" } }, { type: "complete", id: 8, request: { prefix: "x", schedule: "large" } },
        { type: "memory", id: "9" }, { id: 10 },
      ];
      for (const g of garbage) child.send(g as never);
      await waitFor(() => events.filter((e) => e.type === "error").length >= garbage.length);
      const errors = events.filter((e): e is Extract<HostEvent, { type: "error" }> => e.type === "error");
      assert.ok(errors.every((e) => e.message === "Malformed request to the engine process."));
      assert.deepEqual(errors.map((e) => e.id).filter((id) => id !== -1).sort((a, b) => a - b), [5, 6, 7, 8, 10]);
      child.send({ type: "memory", id: 11 });
      await waitFor(() => events.some((e) => e.type === "memory" && e.id === 11));
      child.send({ type: "complete", id: 12, request: { prefix: "x" } });
      await waitFor(() => events.some((e) => e.type === "error" && e.id === 12));
      assert.equal((events.find((e) => e.type === "error" && e.id === 12) as { code: string }).code, "NOT_LOADED");
      assert.equal(child.exitCode, null, "still running");
    } finally {
      child.kill();
    }
  });
});
