// The caller's side of the engine process: forks it, sends typed requests, restarts it with back-off
// when it dies, and turns everything that goes wrong into EngineErrors with readable messages.
import { fork, type ChildProcess } from "node:child_process";
import { EngineError, abortError } from "../engine/errors";
import type { EngineInfo, EngineLoadOptions } from "../engine/engine";
import type { CompletionRequest, CompletionResult, TokenEvent } from "../engine/types";
import type { PairEstimate } from "../engine/modelfiles/pairCheck";
import type { Catalog } from "../engine/modelfiles/catalog";
import type { RemoteLaneState } from "../engine/remote/remoteLane";
import type { WarmContextRequest, WarmContextResult } from "../engine/promptContext/warmTypes";
import type { DownloadRequest, HostEvent, HostRequest, MemoryReport, PairCheckRequest } from "./protocol";
import { PendingRequests, type Pending } from "./pendingRequests";

export type EngineState = "starting" | "loading" | "ready" | "restarting" | "failed" | "stopped";

export interface EngineClientOptions {
  /** Path of the built host script (dist/engine-host.js). */
  hostScript: string;
  /** Node binary to run it with; defaults to this process's own (the extension host's inside VS Code). */
  execPath?: string;
  /** Crashes tolerated inside `crashWindowMs` before restarts stop. */
  maxCrashes?: number;
  crashWindowMs?: number;
  /** First restart delay; doubles with each crash in the window. */
  backoffMs?: number;
  log?: (message: string) => void;
}

export interface CrashReport {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  willRestart: boolean;
  message: string;
}

export class EngineClient {
  private child: ChildProcess | undefined;
  private nextId = 1;
  private readonly pending = new PendingRequests();
  private loadOptions: EngineLoadOptions | undefined;
  private ready: Promise<void> | undefined;
  private crashes: number[] = [];
  private stateValue: EngineState = "stopped";
  private readonly stateListeners = new Set<(state: EngineState) => void>();
  private readonly crashListeners = new Set<(report: CrashReport) => void>();
  private readonly remoteListeners = new Set<(state: RemoteLaneState) => void>();
  /** A restart scheduled after a crash, with the promise that callers waiting on it hold. */
  private restart: { timer: NodeJS.Timeout; resolve: () => void; reject: (error: Error) => void } | undefined;
  /** Loads run one after another: each waits for the one before, and only the last one runs. */
  private loadChain: Promise<unknown> = Promise.resolve();
  private loadSeq = 0;
  private disposed = false;
  info: EngineInfo | undefined;

  constructor(private readonly options: EngineClientOptions) {}

  get state(): EngineState {
    return this.stateValue;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Requests of one kind (completions, downloads, pair checks, ...) sent and not yet answered. */
  requestsInFlight(kind: HostRequest["type"]): number {
    return this.pending.count(kind);
  }

  onState(listener: (state: EngineState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** The team server (ead.largeServer) went down or came back. */
  onRemoteState(listener: (state: RemoteLaneState) => void): () => void {
    this.remoteListeners.add(listener);
    return () => this.remoteListeners.delete(listener);
  }

  onCrash(listener: (report: CrashReport) => void): () => void {
    this.crashListeners.add(listener);
    return () => this.crashListeners.delete(listener);
  }

  /**
   * Loads a pair, replacing any loaded one; remembered so a restarted process reloads it. Loads are
   * serialised and the last one wins: a caller whose load was superseded gets the pair that won.
   */
  load(options: EngineLoadOptions): Promise<EngineInfo> {
    this.loadOptions = options;
    this.crashes = [];
    if (this.stateValue === "failed") this.setState("stopped");
    const restart = this.restart;
    this.restart = undefined;
    if (restart) clearTimeout(restart.timer);
    const loaded = this.enqueueLoad();
    // Completions that waited for the cancelled restart wait for this load instead.
    if (restart) loaded.then(() => restart.resolve(), restart.reject);
    return loaded;
  }

  /**
   * Stops the engine process and forgets the pair, giving all its memory back; `load` starts a new
   * one. Unlike `dispose`, the client stays usable.
   */
  async unload(): Promise<void> {
    this.loadOptions = undefined;
    this.loadSeq++;
    const restart = this.restart;
    this.restart = undefined;
    if (restart) {
      clearTimeout(restart.timer);
      restart.reject(new EngineError("NOT_LOADED", "The model pair was unloaded."));
    }
    await this.loadChain.catch(() => undefined);
    this.ready = undefined;
    this.info = undefined;
    await this.stopChild();
    this.setState("stopped");
  }

  private enqueueLoad(): Promise<EngineInfo> {
    const seq = ++this.loadSeq;
    const run = this.loadChain.catch(() => undefined).then(() => (seq === this.loadSeq ? this.startAndLoad() : undefined));
    this.loadChain = run;
    const latest = this.latestLoad();
    this.ready = latest.then(() => undefined);
    // Callers of load() see the error; whenReady() sees it through `ready` when asked.
    this.ready.catch(() => undefined);
    return latest;
  }

  /** Waits until no later load is queued, then answers with the outcome of the last one. */
  private async latestLoad(): Promise<EngineInfo> {
    for (;;) {
      const seq = this.loadSeq;
      try {
        await this.loadChain;
      } catch (error) {
        if (seq === this.loadSeq) throw error;
        continue;
      }
      if (seq === this.loadSeq) {
        if (!this.info) throw new EngineError("NOT_LOADED", "The model pair was unloaded.");
        return this.info;
      }
    }
  }

  async complete(
    request: CompletionRequest,
    options: { onToken?: (event: TokenEvent) => void; onWarning?: (message: string) => void; signal?: AbortSignal; stop?: AbortSignal } = {},
  ): Promise<CompletionResult> {
    if (options.signal?.aborted) throw abortError();
    await this.whenReady();
    if (options.signal?.aborted) throw abortError();
    const id = this.nextId++;
    const result = this.request<CompletionResult>({ type: "complete", id, request }, options);
    const onAbort = () => this.post({ type: "cancel", id });
    const onStop = () => this.post({ type: "stop", id });
    options.signal?.addEventListener("abort", onAbort, { once: true });
    options.stop?.addEventListener("abort", onStop, { once: true });
    if (options.stop?.aborted) onStop();
    try {
      return await result;
    } finally {
      options.signal?.removeEventListener("abort", onAbort);
      options.stop?.removeEventListener("abort", onStop);
    }
  }

  /**
   * Evaluates a context block in the engine ahead of time (call it when the editor is idle). Any
   * completion request aborts it (ABORTED), as does `signal`.
   */
  async warmContext(request: WarmContextRequest, options: { signal?: AbortSignal } = {}): Promise<WarmContextResult> {
    if (options.signal?.aborted) throw abortError();
    await this.whenReady();
    if (options.signal?.aborted) throw abortError();
    const id = this.nextId++;
    const result = this.request<WarmContextResult>({ type: "warmContext", id, request });
    const onAbort = () => this.post({ type: "cancel", id });
    options.signal?.addEventListener("abort", onAbort, { once: true });
    try {
      return await result;
    } finally {
      options.signal?.removeEventListener("abort", onAbort);
    }
  }

  async memory(): Promise<MemoryReport> {
    await this.whenReady();
    return this.request<MemoryReport>({ type: "memory", id: this.nextId++ });
  }

  /**
   * Checks a pair in the engine process (headers, pair rule, placement, memory) without loading it:
   * the editor's process never loads llama.cpp.
   */
  async checkPair(options: PairCheckRequest): Promise<PairEstimate> {
    await this.ensureProcess();
    return this.request<PairEstimate>({ type: "checkPair", id: this.nextId++, options });
  }

  /**
   * The GGUF files already on the machine and the pairs they make, read in the engine process (headers only).
   * `home` stands for the home folder (no environment override applies): the tests lay out a machine there.
   */
  async findModels(options: { downloadsDir?: string; home?: string; availableBytes?: number } = {}): Promise<Catalog> {
    await this.ensureProcess();
    return this.request<Catalog>({ type: "findModels", id: this.nextId++, options });
  }

  /** Downloads a model file in the engine process; resolves with its path, rejects with ABORTED when cancelled. */
  async download(options: DownloadRequest, hooks: { signal?: AbortSignal; onProgress?: Pending["onProgress"] } = {}): Promise<string> {
    if (hooks.signal?.aborted) throw new EngineError("ABORTED", "The download was cancelled.");
    await this.ensureProcess();
    const id = this.nextId++;
    const onAbort = () => this.post({ type: "cancel", id });
    hooks.signal?.addEventListener("abort", onAbort, { once: true });
    try {
      return await this.request<string>({ type: "download", id, options }, { onProgress: hooks.onProgress });
    } finally {
      hooks.signal?.removeEventListener("abort", onAbort);
    }
  }

  /** A running engine process for requests that need no loaded pair; starts one without changing the state. */
  private async ensureProcess(): Promise<void> {
    if (this.disposed) throw new EngineError("NOT_LOADED", "The engine was shut down.");
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) return;
    await (this.spawning ??= this.spawn(false).finally(() => (this.spawning = undefined)));
  }

  private spawning: Promise<void> | undefined;

  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.restart) {
      clearTimeout(this.restart.timer);
      this.restart.reject(new EngineError("NOT_LOADED", "The engine was shut down."));
      this.restart = undefined;
    }
    await this.stopChild();
    this.setState("stopped");
  }

  /** Ends the child process (asking first, killing after 2 s) and fails what it had not answered. */
  private async stopChild(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    this.rejectAll(new EngineError("NOT_LOADED", "The engine was shut down."));
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.send({ type: "shutdown" } satisfies HostRequest, () => undefined);
      const timer = setTimeout(() => child.kill("SIGKILL"), 2000);
      await exited;
      clearTimeout(timer);
    }
  }

  private async whenReady(): Promise<void> {
    if (this.stateValue === "failed") {
      throw new EngineError("ENGINE_CRASHED", "The engine process kept crashing, so restarts stopped. Reload the models to try again.");
    }
    if (!this.ready) throw new EngineError("NOT_LOADED", "No model pair is loaded yet.");
    await this.ready;
  }

  private async startAndLoad(): Promise<void> {
    if (this.disposed) throw new EngineError("NOT_LOADED", "The engine was shut down.");
    if (this.spawning) await this.spawning;
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) await this.spawn();
    this.setState("loading");
    try {
      this.info = await this.request<EngineInfo>({ type: "load", id: this.nextId++, options: this.loadOptions! });
      this.setState("ready");
    } catch (error) {
      if (this.stateValue === "loading") this.setState("stopped");
      throw error;
    }
  }

  /** `announce`: a start for a load shows as "starting"; one for a check or download changes no state. */
  private spawn(announce = true): Promise<void> {
    if (announce) this.setState("starting");
    const child = fork(this.options.hostScript, [], {
      execPath: this.options.execPath ?? process.execPath,
      serialization: "advanced",
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    this.child = child;
    const log = this.options.log;
    child.stdout?.on("data", (d: Buffer) => log?.(`[engine] ${d.toString().trimEnd()}`));
    child.stderr?.on("data", (d: Buffer) => log?.(`[engine] ${d.toString().trimEnd()}`));
    child.on("message", (message: HostEvent) => this.onMessage(message));
    child.on("exit", (code, signal) => this.onExit(child, code, signal));
    return new Promise((resolve, reject) => {
      const onReady = (m: HostEvent) => {
        if (m.type === "ready") {
          child.off("message", onReady);
          child.off("exit", onEarlyExit);
          resolve();
        }
      };
      const onEarlyExit = (code: number | null, signal: string | null) =>
        reject(new EngineError("ENGINE_CRASHED", `The engine process exited while starting (code ${code}, signal ${signal}).`));
      child.on("message", onReady);
      child.once("exit", onEarlyExit);
      child.once("error", (error) => reject(new EngineError("ENGINE_CRASHED", `The engine process could not start: ${error.message}`)));
    });
  }

  private request<T>(message: HostRequest & { id: number }, hooks: Pick<Pending, "onToken" | "onWarning" | "onProgress"> = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.add(message.id, { resolve: resolve as (v: never) => void, reject, kind: message.type, ...hooks });
      if (!this.post(message)) {
        this.pending.delete(message.id);
        reject(new EngineError("ENGINE_CRASHED", "The engine process is not running."));
      }
    });
  }

  private post(message: HostRequest): boolean {
    const child = this.child;
    if (!child?.connected) return false;
    child.send(message, () => undefined);
    return true;
  }

  private onMessage(message: HostEvent): void {
    if (message.type === "ready") return;
    if (message.type === "remoteState") {
      if (this.info?.remote) this.info.remote = message.state;
      for (const l of this.remoteListeners) l(message.state);
      return;
    }
    this.pending.route(message, this.options.log);
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (child !== this.child || this.disposed) return;
    this.child = undefined;
    const now = Date.now();
    const windowMs = this.options.crashWindowMs ?? 60_000;
    this.crashes = [...this.crashes.filter((t) => now - t < windowMs), now];
    const maxCrashes = this.options.maxCrashes ?? 3;
    const willRestart = this.loadOptions !== undefined && this.crashes.length <= maxCrashes;
    const how = signal ? `was killed (${signal})` : `exited with code ${code}`;
    const message = willRestart
      ? `The engine process ${how}; restarting it.`
      : `The engine process ${how} ${this.crashes.length} times within ${Math.round(windowMs / 1000)} s; restarts stopped. Reload the models to try again.`;
    this.options.log?.(message);
    this.rejectAll(new EngineError("ENGINE_CRASHED", message));
    for (const l of this.crashListeners) l({ exitCode: code, signal, willRestart, message });
    if (!willRestart) {
      this.ready = undefined;
      this.setState("failed");
      return;
    }
    this.setState("restarting");
    const delay = (this.options.backoffMs ?? 500) * 2 ** (this.crashes.length - 1);
    this.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.restart = undefined;
        this.enqueueLoad().then(() => resolve(), reject);
      }, delay);
      this.restart = { timer, resolve, reject };
    });
    this.ready.catch((error) => this.options.log?.(`restart failed: ${(error as Error).message}`));
  }

  private rejectAll(error: Error): void {
    this.pending.rejectAll(error);
  }

  private setState(state: EngineState): void {
    if (state === this.stateValue) return;
    this.stateValue = state;
    for (const l of this.stateListeners) l(state);
  }
}
