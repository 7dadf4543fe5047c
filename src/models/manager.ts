// Model management in the editor: resolves the ead.smallModel / ead.largeModel settings, has the engine
// process check (vocabulary, placement, memory) and load the pair, and explains every refusal once with
// buttons to select or download models. Also the select and download commands. Nothing here loads
// node-llama-cpp: checks and downloads are requests to the engine process.
import { threadsFor } from "../machine/cores";
import { basename } from "node:path";
import * as vscode from "vscode";
import { checkEditorSettings, idleUnloadMinutes } from "../completion/settingsCheck";
import { EngineError } from "../engine/errors";
import type { EngineClient } from "../host/engineClient";
import { PROMPT_BATCH_SIZE } from "../engine/batchSize";
import { engineBusy, PairLifecycle, type Clock } from "./pairLifecycle";
import { whereModelsRun, type EadStatusBar } from "../ui/statusBar";
import { describeMachine, openWalkthrough, thisMachine } from "./firstRun";
import { FileRetry } from "./fileRetry";
import { formatBytes } from "../engine/modelfiles/formatBytes";
import { MODEL_PRESETS, suggestedPreset, type ModelPreset } from "./presets";
import { resolveModelSetting, type ResolvedModel } from "../engine/modelfiles/resolve";
import { BoundedLog } from "./boundedLog";
import { largeServerOptions } from "../engine/remote/largeServerSetting";
import { ServerKeyStore } from "./serverKey";
import { DEMO_PAIR_NOTE, isDemoPair } from "../engine/modelfiles/fixturePair";
import { CONTEXT_SIZE, describeModel, gpuSetting, memoryBudget, tokenHealingSetting } from "./loadOptions";
import { downloadModelFiles } from "./modelDownloads";
import { NOTICES_KEPT, Notifier, type LoadProgress, type Notice } from "./notice";
import { pickModelFiles } from "./pickModelFiles";
import { DebouncedReload, LastLoadWins } from "./loadOrder";
import { TeamServerGate } from "./teamServerGate";
import { setUserSetting, userSetting } from "./userOnlySettings";
import { teamServerLogLine } from "../ui/teamServerText";
import type { LargeServerOptions } from "../engine/remote/connect";

export type { LoadProgress, Notice } from "./notice";

const SELECT = "Select model files";
const DOWNLOAD = "Download recommended models";
const WALKTHROUGH = "Open the walkthrough";
const OPEN_SETTINGS = "Open Settings";

/** Does what a notification's button (select, download, walkthrough) offered. */
function follow(choice: string | undefined): void {
  if (choice === SELECT) void vscode.commands.executeCommand("ead.selectModels");
  else if (choice === DOWNLOAD) void vscode.commands.executeCommand("ead.downloadModels");
  else if (choice === WALKTHROUGH) openWalkthrough();
}

export class ModelManager {
  private readonly notifier = new Notifier();
  /** The latest notifications shown (at most NOTICES_KEPT), for tests. Every one is also logged. */
  readonly notices = this.notifier.notices;
  /** Progress shown by loads, latest last (bounded like the notices). */
  readonly loadProgress = new BoundedLog<LoadProgress>(NOTICES_KEPT);
  /** When the pair is in memory: on the first request, until the idle minutes pass. */
  readonly lifecycle: PairLifecycle;
  /**
   * Whether this session wants the pair in memory: set by a request, an explicit load or a model
   * choice; cleared by an idle unload. Setting changes reload only a wanted pair.
   */
  private active = false;
  /** The loaded pair, in words. */
  description: string | undefined;
  /** Why the last load failed, if it did. */
  problem: string | undefined;
  /** Asks before anything is sent to a team server (plain http, a server without its own key). */
  readonly gate: TeamServerGate;
  /** Base URL for hf: downloads (tests point it at a local server); node-llama-cpp's default otherwise. */
  hubEndpoint: string | undefined;
  /** The home folder model discovery reads (tests lay out a machine there); the user's otherwise. */
  storeHome: string | undefined;
  /** Watches refused model files so that fixing them reloads the pair. */
  private readonly retry = new FileRetry();
  private readonly loads = new LastLoadWins(() => this.loadWithProgress());
  // A pair not in memory stays out: the next request loads the new one.
  private readonly reload = new DebouncedReload(() => (this.active ? this.load() : Promise.resolve(false)));
  private progressShown = false;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
    private readonly client: EngineClient,
    private readonly status: EadStatusBar,
    clock?: Clock,
  ) {
    this.gate = new TeamServerGate(new ServerKeyStore(context.secrets, context.globalState), context.globalState);
    this.lifecycle = new PairLifecycle({
      load: () => this.loads.run(),
      unload: () => this.unloadIdle(),
      isLoaded: () => this.client.state === "ready",
      // Downloads, pair checks and memory estimates run in the engine process too: not only completions.
      isBusy: () => engineBusy(this.client),
      // Checked: a hand-written string, negative or huge value gives the default or the nearest bound.
      idleMinutes: () => idleUnloadMinutes((key) => vscode.workspace.getConfiguration("ead").get(key)),
      clock,
      onUnloaded: (ms) => this.log.info(`models: unloaded after ${Math.round(ms / 60_000)} idle minute(s); the next request loads them again`),
    });
  }

  /** Whether the pair is loading now. */
  get loading(): boolean {
    return this.lifecycle.pending !== undefined || this.reload.pending !== undefined;
  }

  get storageDir(): string {
    return this.context.globalStorageUri.fsPath;
  }

  get loaded(): boolean {
    return this.client.state === "ready" && this.problem === undefined;
  }

  /**
   * The load in progress or about to start; with none, the pair as a request would get it (loaded
   * now if it is not in memory and was not refused): true when a pair is ready.
   */
  whenLoaded(): Promise<boolean> {
    const pending = this.reload.pending ?? this.lifecycle.pending;
    if (pending) return pending;
    if (this.loaded) return Promise.resolve(true);
    if (this.problem !== undefined) return Promise.resolve(false);
    return this.ensure();
  }

  /** A completion request needs the pair: loads it unless it is loaded (see PairLifecycle.ensure). */
  ensure(): Promise<boolean> {
    this.active = true;
    return this.lifecycle.ensure();
  }

  /**
   * A model setting changed: reload shortly, so that writing both settings one after the other
   * loads the new pair once instead of a mixed one.
   */
  settingsChanged(delayMs = 300): Promise<boolean> {
    return this.reload.request(delayMs);
  }

  dispose(): void {
    this.reload.dispose();
    this.retry.clear();
    this.lifecycle.dispose();
  }

  /** (Re)loads the pair the settings name. Loads run one after another; the last one wins. */
  load(): Promise<boolean> {
    this.active = true;
    return this.lifecycle.load();
  }

  /** The first load of the session shows a notification; later ones the status bar's progress. */
  private loadWithProgress(): Promise<boolean> {
    const location = this.progressShown ? "window" : "notification";
    this.progressShown = true;
    return Promise.resolve(
      vscode.window.withProgress(
        {
          location: location === "window" ? vscode.ProgressLocation.Window : vscode.ProgressLocation.Notification,
          title: "EAD: loading the model pair",
        },
        (progress) => {
          this.loadProgress.push({ location, at: Date.now() });
          return this.doLoad((message) => progress.report({ message }));
        },
      ),
    );
  }

  /** Idle for the configured minutes: the engine process ends, and with it the pair's memory. */
  private async unloadIdle(): Promise<void> {
    this.active = false;
    await this.client.unload();
    this.status.set(vscode.workspace.getConfiguration("ead").get<boolean>("enabled", true) ? "unloaded" : "off");
  }

  private async doLoad(report: (message: string) => void = () => undefined): Promise<boolean> {
    this.retry.clear();
    this.status.set("loading");
    const config = vscode.workspace.getConfiguration("ead");
    const env = {
      extensionRoot: this.context.extensionPath,
      storageDir: this.storageDir,
      workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    };
    const { threads, memoryBudgetMB, largeServerTimeoutMs } = checkEditorSettings((key) => config.get(key)).settings;
    // The large model on a team server: no large file is resolved or downloaded, the small one is.
    let server: LargeServerOptions | undefined;
    try {
      // Only the user's settings name models and servers: a workspace cannot (userOnlySettings.ts).
      server = largeServerOptions(userSetting("largeServer"), largeServerTimeoutMs, undefined);
    } catch (error) {
      return this.refuseServerSetting(error as Error);
    }
    if (server) {
      // Nothing goes to the server before plain http is agreed to and the key is its own.
      const admitted = await this.gate.admit(server.url);
      if ("refused" in admitted) return this.refuseServerSetting(new Error(admitted.refused), admitted.allowButton && server.url);
      if (admitted.apiKey) server.apiKey = admitted.apiKey;
    }
    if (server && !userSetting("smallModel")?.trim()) {
      this.problem = "ead.largeServer is set, but no small model is chosen: the small model runs here and must be of the served model's family.";
      this.status.set("noModels", this.problem);
      void this.notifyOnce("warning", `EAD: ${this.problem}`, [SELECT, DOWNLOAD]).then(follow);
      return false;
    }
    if (!server && !userSetting("smallModel")?.trim() && !userSetting("largeModel")?.trim()) {
      // A fresh install: no model ships with the extension.
      this.problem = "No model pair is chosen yet.";
      this.status.set("noModels", this.problem);
      void this.notifyOnce(
        "warning",
        "EAD: choose a model pair to get suggestions: download a recommended pair (the walkthrough shows sizes and memory) or select two GGUF files you have.",
        [DOWNLOAD, SELECT, WALKTHROUGH],
      ).then(follow);
      return false;
    }
    let small: ResolvedModel, large: ResolvedModel | undefined;
    try {
      small = await resolveModelSetting(userSetting("smallModel"), "small", env);
      large = server ? undefined : await resolveModelSetting(userSetting("largeModel"), "large", env);
    } catch (error) {
      return this.refuse(error as Error);
    }
    // The key is never logged: only whether one is stored.
    const largeWords = large ? describeModel(large) : `on the team server ${server!.url} (API key ${server!.apiKey ? "from secret storage" : "none"}, time limit ${server!.timeoutMs} ms)`;
    this.log.info(`models: small ${describeModel(small)}, large ${largeWords}`);
    const notDownloaded = (large ? [small, large] : [small]).filter((m) => m.source === "uri" && !m.path);
    if (notDownloaded.length) {
      const names = notDownloaded.map((m) => `${m.role} model ${m.setting}`).join(" and the ");
      this.problem = `The ${names} ${notDownloaded.length > 1 ? "are" : "is"} not downloaded yet.`;
      this.status.set("noModels", this.problem);
      void this.notifyOnce("warning", `EAD: ${this.problem}`, ["Download", SELECT]).then((choice) => {
        if (choice === "Download") {
          void this.download(notDownloaded.map((m) => (m.source === "uri" ? m.uri : "")), "the configured models").then((ok) => ok && this.load());
        }
        else if (choice === SELECT) void vscode.commands.executeCommand("ead.selectModels");
      });
      return false;
    }
    const smallPath = small.path!;
    // With a team server the engine ignores the large path.
    const largePath = large ? large.path! : "";
    const largeName = large ? basename(largePath) : server!.url;
    report(`checking ${basename(smallPath)} and ${largeName}`);
    try {
      // One request: the engine process checks the pair (headers, pair rule, placement, memory) and loads it.
      const t0 = Date.now();
      report(`loading ${basename(smallPath)}${large ? " and " : ", reaching "}${largeName}`);
      const info = await this.client.load({
        smallModelPath: smallPath,
        largeModelPath: largePath,
        ...(server ? { largeServer: server } : {}),
        threads: threadsFor(threads),
        contextSize: CONTEXT_SIZE,
        batchSize: PROMPT_BATCH_SIZE,
        gpu: gpuSetting(config.get("gpu")),
        availableBytes: memoryBudget(memoryBudgetMB),
        tokenHealing: tokenHealingSetting(config.get("tokenHealing")),
      });
      this.problem = undefined;
      // Problems are over: if one comes back, it is told again.
      this.notifier.forgetShown();
      const where = whereModelsRun(info);
      this.description = `Models: ${info.small.name} (small) + ${info.large.name} (large)\n${where}`;
      // The fixture pair is a toy: say so where the pair is shown (status tooltip, stats view).
      if (large && isDemoPair(smallPath, largePath)) this.description += `\n${DEMO_PAIR_NOTE}`;
      const m = info.memory;
      this.log.info(
        `models: loaded ${info.small.name} + ${info.large.name} in ${Date.now() - t0} ms (${info.threads} thread(s) each); ${where}; ` +
          `estimated RAM ${formatBytes(m.total)} of ${formatBytes(m.available)} available` +
          (m.gpu ? `, VRAM ${formatBytes(m.vram)} of ${formatBytes(m.vramAvailable)} free` : "") +
          (info.remote ? `; ${teamServerLogLine(info.remote)}` : ""),
      );
      this.status.set(config.get<boolean>("enabled", true) ? "ready" : "off", this.description);
      return true;
    } catch (error) {
      const e = error as Error;
      if (e instanceof EngineError && e.code === "OUT_OF_MEMORY" && memoryBudgetMB > 0) e.message += ` (The limit comes from the setting ead.memoryBudgetMB = ${memoryBudgetMB}.)`;
      this.retryWhenFixed(e, large ? [smallPath, largePath] : [smallPath]);
      return this.refuse(e);
    }
  }

  /** ead.largeServer cannot be used as written (or was not agreed to): say so with the way to fix it. */
  private refuseServerSetting(error: Error, allowUrl?: string | false): false {
    this.problem = error.message;
    this.log.error(`models: ${error.message}`);
    this.status.set("error", error.message);
    const allow = allowUrl ? "Send unencrypted" : undefined;
    void this.notifyOnce("error", `EAD: ${error.message}`, allow ? [OPEN_SETTINGS, allow] : [OPEN_SETTINGS]).then(async (choice) => {
      if (choice === OPEN_SETTINGS) void vscode.commands.executeCommand("workbench.action.openSettings", "ead.largeServer");
      else if (choice === allow && allowUrl) {
        await this.gate.allow(allowUrl);
        void this.load();
      }
    });
    return false;
  }

  /** A refused file is watched: once it changes (fixed in place), the pair is loaded again. */
  private retryWhenFixed(error: Error, paths: string[]): void {
    if (!(error instanceof EngineError) || (error.code !== "MODEL_MISSING" && error.code !== "MODEL_INVALID")) return;
    this.retry.watch(paths, () => {
      this.log.info("models: a refused model file changed; loading the pair again");
      void this.load();
    });
  }

  private refuse(error: Error): false {
    const code = error instanceof EngineError ? error.code : "INTERNAL";
    this.problem = error.message;
    this.log.error(`models: ${code}: ${error.message}`);
    const modelProblem = ["MODEL_MISSING", "MODEL_INVALID", "VOCAB_MISMATCH", "NO_FIM_TOKENS", "OUT_OF_MEMORY"].includes(code);
    this.status.set(modelProblem ? "noModels" : "error", error.message);
    const lead = modelProblem ? "EAD: no usable model pair. " : "EAD: the models could not be loaded. ";
    void this.notifyOnce("error", lead + error.message, [SELECT, DOWNLOAD]).then(follow);
    return false;
  }

  /** Shows a notification unless the same one was shown before; every call is logged and recorded. */
  notifyOnce(level: Notice["level"], message: string, buttons: string[] = []): Thenable<string | undefined> {
    return this.notifier.once(level, message, buttons);
  }

  notify(level: Notice["level"], message: string, buttons: string[] = []): Thenable<string | undefined> {
    return this.notifier.show(level, message, buttons);
  }

  /** "EAD: Select model files": two open dialogs (or two paths as arguments), checked before saving. */
  async selectModels(smallArg?: unknown, largeArg?: unknown): Promise<boolean> {
    const chosen = await pickModelFiles(smallArg, largeArg, {
      client: this.client,
      storageDir: this.storageDir,
      log: this.log,
      storeHome: this.storeHome,
      availableBytes: () => memoryBudget(checkEditorSettings((key) => vscode.workspace.getConfiguration("ead").get(key)).settings.memoryBudgetMB),
    });
    if (!chosen) return false;
    const { small, large } = chosen;
    const config = vscode.workspace.getConfiguration("ead");
    const { memoryBudgetMB, threads } = checkEditorSettings((key) => config.get(key)).settings;
    try {
      await this.client.checkPair({
        smallModelPath: small,
        largeModelPath: large,
        contextSize: CONTEXT_SIZE,
        batchSize: PROMPT_BATCH_SIZE,
        availableBytes: memoryBudget(memoryBudgetMB),
        gpu: gpuSetting(config.get("gpu")),
        threads: threadsFor(threads),
      });
    } catch (error) {
      void this.notify("error", `EAD: these models were not selected. ${(error as Error).message}`, []);
      return false;
    }
    await this.saveModels(small, large);
    return true;
  }

  /** "EAD: Download recommended models": pick a preset (or pass its id), download both files, use them. */
  async downloadModels(presetArg?: unknown): Promise<boolean> {
    let preset: ModelPreset | undefined = MODEL_PRESETS.find((p) => p.id === presetArg);
    if (!preset) {
      const machine = thisMachine();
      const suggested = suggestedPreset(machine.gpu, machine.memoryBytes, machine.cores);
      const items = [suggested, ...MODEL_PRESETS.filter((p) => p !== suggested)].map((p) => ({
        label: p.label,
        detail: p.detail,
        description: p === suggested ? `suggested for this machine (${describeMachine(machine)})` : undefined,
        preset: p,
      }));
      preset = (await vscode.window.showQuickPick(items, { title: "EAD: download a recommended model pair", placeHolder: "Which hardware will run the models?" }))?.preset;
      if (!preset) return false;
    }
    const { small, large } = preset;
    const ok = await this.download([small, large], preset.label, () => this.saveModels(small, large));
    if (!ok) return false;
    await this.saveModels(small, large);
    return true;
  }

  /** Downloads `uris` in turn with a cancellable progress notification; true when all are there. */
  download(uris: string[], label: string, thenUse: () => Promise<unknown> = () => this.load()): Promise<boolean> {
    const deps = { client: this.client, log: this.log, storageDir: this.storageDir, hubEndpoint: () => this.hubEndpoint, notify: this.notify.bind(this) };
    return downloadModelFiles(deps, uris, label, thenUse);
  }

  private async saveModels(small: string, large: string): Promise<void> {
    this.log.info(`models: using ${small} (small) and ${large} (large)`);
    // Chosen by the user: loaded now, so that a problem shows at once.
    this.active = true;
    await setUserSetting("smallModel", small);
    await setUserSetting("largeModel", large);
    // The configuration listener also asks for a reload; both land in the same one.
    const loaded = await this.settingsChanged();
    // The user chose these files: say when they are in use (a refusal is told by the load itself).
    if (loaded) void this.notify("info", `EAD: now using ${basename(small)} (small) and ${basename(large)} (large). ${this.description?.split("\n")[1] ?? ""}`.trim());
  }
}
