// Entry of the forked engine process: owns one EadEngine and answers typed requests over IPC.
// Running llama.cpp here keeps a native crash or a long decode away from the editor's process.
import { EadEngine } from "../engine/engine";
import { EngineError } from "../engine/errors";
import { checkPair } from "../engine/modelfiles/pairCheck";
import { buildCatalog } from "../engine/modelfiles/catalog";
import { storeEnv } from "../engine/modelfiles/discovery";
import { downloadModel, DownloadCancelled } from "../engine/modelfiles/download";
import { isHostRequest, type HostEvent, type HostRequest } from "./protocol";

let engine: EadEngine | undefined;
/** Pairs loaded and not yet disposed, reported with the memory figures. */
let liveEngines = 0;
const running = new Map<number, { cancel: AbortController; stop: AbortController }>();

function send(event: HostEvent): void {
  process.send?.(event);
}

function fail(id: number, error: unknown): void {
  const code = error instanceof EngineError ? error.code : "INTERNAL";
  send({ type: "error", id, code, message: (error as Error)?.message ?? String(error) });
}

let loads: Promise<void> = Promise.resolve();
let latestLoad = -1;

async function runLoad(message: Extract<HostRequest, { type: "load" }>): Promise<void> {
  const superseded = () => fail(message.id, new EngineError("ABORTED", "A later load replaced this one."));
  if (message.id !== latestLoad) return superseded();
  const old = engine;
  engine = undefined;
  if (old) {
    await old.dispose();
    liveEngines--;
  }
  try {
    // Outages of the team server reach the editor as they happen, for the current engine only; the
    // state at load time comes with the "loaded" answer.
    let made: EadEngine | undefined;
    const loaded = await EadEngine.load({
      ...message.options,
      onRemoteState: (state) => {
        if (made && engine === made) send({ type: "remoteState", id: message.id, state });
      },
    });
    made = loaded;
    liveEngines++;
    if (message.id !== latestLoad) {
      await loaded.dispose();
      liveEngines--;
      return superseded();
    }
    engine = loaded;
    send({ type: "loaded", id: message.id, info: loaded.info });
  } catch (error) {
    fail(message.id, error);
  }
}

async function handle(message: HostRequest): Promise<void> {
  switch (message.type) {
    case "load":
      // Loads run one after another; one that a later load supersedes is answered without loading.
      latestLoad = message.id;
      loads = loads.then(() => runLoad(message));
      return loads;
    case "complete": {
      if (!engine) return fail(message.id, new EngineError("NOT_LOADED", "No model pair is loaded yet."));
      const controls = { cancel: new AbortController(), stop: new AbortController() };
      running.set(message.id, controls);
      try {
        const result = await engine.complete(message.request, {
          signal: controls.cancel.signal,
          stop: controls.stop.signal,
          onToken: (event) => send({ type: "token", id: message.id, event }),
          onWarning: (text) => send({ type: "warning", id: message.id, message: text }),
        });
        send({ type: "result", id: message.id, result });
      } catch (error) {
        fail(message.id, error);
      } finally {
        running.delete(message.id);
      }
      return;
    }
    case "warmContext": {
      if (!engine) return fail(message.id, new EngineError("NOT_LOADED", "No model pair is loaded yet."));
      // Cancelled like a completion, by a "cancel" with the same id; a completion request aborts it too.
      const controls = { cancel: new AbortController(), stop: new AbortController() };
      running.set(message.id, controls);
      try {
        send({ type: "warmed", id: message.id, warmed: await engine.warmContext(message.request, { signal: controls.cancel.signal }) });
      } catch (error) {
        fail(message.id, error);
      } finally {
        running.delete(message.id);
      }
      return;
    }
    case "checkPair": {
      const { smallModelPath, largeModelPath, ...options } = message.options;
      try {
        send({ type: "pairChecked", id: message.id, estimate: await checkPair(smallModelPath, largeModelPath, options) });
      } catch (error) {
        fail(message.id, error);
      }
      return;
    }
    case "download": {
      // Cancelled like a completion, by a "cancel" with the same id.
      const controls = { cancel: new AbortController(), stop: new AbortController() };
      running.set(message.id, controls);
      const { uri, ...options } = message.options;
      let lastSent = 0;
      try {
        const path = await downloadModel(uri, {
          ...options,
          signal: controls.cancel.signal,
          onProgress: (p) => {
            // A few updates a second are plenty for a progress bar.
            const now = Date.now();
            if (now - lastSent < 100 && p.downloadedBytes < p.totalBytes) return;
            lastSent = now;
            send({ type: "downloadProgress", id: message.id, ...p });
          },
        });
        send({ type: "downloaded", id: message.id, path });
      } catch (error) {
        fail(message.id, error instanceof DownloadCancelled ? new EngineError("ABORTED", error.message) : error);
      } finally {
        running.delete(message.id);
      }
      return;
    }
    case "findModels":
      try {
        send({ type: "modelsFound", id: message.id, catalog: await buildCatalog(storeEnv({ downloadsDir: message.options.downloadsDir, home: message.options.home }), message.options.availableBytes) });
      } catch (error) {
        fail(message.id, error);
      }
      return;
    case "cancel":
      running.get(message.id)?.cancel.abort();
      return;
    case "stop":
      running.get(message.id)?.stop.abort();
      return;
    case "memory": {
      const { rss, heapUsed } = process.memoryUsage();
      send({ type: "memory", id: message.id, memory: { rss, heapUsed, engines: liveEngines } });
      return;
    }
    case "shutdown":
      for (const c of running.values()) c.cancel.abort();
      await engine?.dispose();
      process.exit(0);
  }
}

process.on("message", (message: unknown) => {
  if (!isHostRequest(message)) {
    const id = typeof (message as { id?: unknown })?.id === "number" ? (message as { id: number }).id : -1;
    return fail(id, new EngineError("INTERNAL", "Malformed request to the engine process."));
  }
  void handle(message);
});
// The parent went away: nothing left to serve.
process.on("disconnect", () => process.exit(0));
send({ type: "ready" });
