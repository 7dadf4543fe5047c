// Inline completions as a feature of the extension: the engine process, the service and provider, the
// model manager, the status bar, and the commands they answer. extension.ts calls this once.
import * as vscode from "vscode";
import { EngineClient } from "../host/engineClient";
import { showWalkthroughOnFirstRun } from "../models/firstRun";
import { ModelManager, type LoadProgress, type Notice } from "../models/manager";
import { updateSetting } from "../ui/settingsWrite";
import { EadStatusBar, type StatusState } from "../ui/statusBar";
import { shouldAskWhenReady } from "../completion/askWhenReady";
import type { CompletionRecord } from "../completion/events";
import type { CompletionEventHub } from "../completion/eventHub";
import { ACCEPT_COMMAND, EadInlineCompletionProvider, readServiceSettings, type ProviderCounters } from "../completion/provider";
import { CompletionService, type ServiceCounters } from "../completion/service";
import { startContext, type ContextCounters } from "../completion/context";
import type { CompletionRequest, DecodeSettings, PromptContext } from "../engine/types";
import { BudgetKeeper, type BudgetSnapshot } from "../completion/budgetKeeper";
import { budgetPair, pairParameters } from "../completion/budgetPair";
import { PairScaleSeed } from "../completion/pairScaleSeed";
import { checkEditorSettings } from "../completion/settingsCheck";
import { testHooksFor, type TestHooks } from "../completion/testHooks";
import type { EngineInfo } from "../engine/engine";
import { ServerKeyStore, serverKeyHandlers } from "../models/serverKey";
import { userSetting, watchIgnoredWorkspaceSettings } from "../models/userOnlySettings";
import { TeamServerWatch } from "../models/teamServerWatch";
import { pairSettingsChanged } from "../models/pairSettings";
import type { GateQuestion } from "../models/teamServerGate";
import type { OutageEvent } from "../models/outageNotices";

/** Read-only views for the integration tests, part of the API activate returns (hooks that change behaviour are in testHooks.ts). */
export interface CompletionTestingApi {
  counters(): ServiceCounters;
  /** The editor's calls to the provider, including those declined before the service. */
  providerCounters(): ProviderCounters;
  resetCounters(): void;
  lastRecord(): CompletionRecord | undefined;
  shownSuggestion(): { uri: string; start: number; text: string } | undefined;
  engineInFlight(): number;
  engineState(): string;
  /** Process id of the engine process, while one runs. */
  enginePid(): number | undefined;
  /** Memory of the engine process (its resident set, bytes). */
  engineMemory(): Promise<{ rss: number; heapUsed: number }>;
  status(): { state: StatusState; text: string; tooltip: string };
  /** What the engine process said about the loaded pair (the team server's state included). */
  engineInfo(): EngineInfo | undefined;
  /** Team server outages told (one "down" per outage) and recoveries, in order. */
  teamServerTold(): { event: OutageEvent; url: string; at: number }[];
  /** Questions asked before anything was sent to a team server (plain http, a server without its own key), with the answers. */
  teamServerQuestions(): GateQuestion[];
  /** The folder of the extension's log files (the LogOutputChannel's file is in or near it). */
  logFolder(): string;
  notices(): Notice[];
  /** Progress shown by model loads (the first of a session as a notification). */
  loadProgress(): LoadProgress[];
  /** Unloads done because the pair was idle. */
  idleUnloads(): number;
  /** Times the editor was asked for a suggestion because the pair became ready just after an editor switch. */
  askedWhenReady(): number;
  /** Requests that found the pair not ready and waited for it to load. */
  waitedForPair(): number;
  problem(): string | undefined;
  whenLoaded(): Promise<boolean>;
  reload(): Promise<boolean>;
  storageDir(): string;
  /** Stops any generation, then forgets cached completions and the shown suggestion. */
  resetCache(): Promise<void>;
  /** The last request the completion service sent to the engine (its context included). */
  lastEngineRequest(): CompletionRequest | undefined;
  /** The context chunks gathered so far (oldest first), and what was gathered and refused. */
  contextChunks(): { path: string; text: string }[];
  contextCounters(): ContextCounters;
  /** The context a request at `offset` of `document` would carry now. */
  contextFor(document: vscode.TextDocument, offset: number, text?: string): PromptContext | undefined;
}

const RESTART = "Restart the engine";

/** Warns once about each set of corrected settings (out of range, wrong type). */
function warnAboutSettings(models: ModelManager, log: vscode.LogOutputChannel): void {
  const config = vscode.workspace.getConfiguration("ead");
  const { warnings } = checkEditorSettings((key) => config.get(key));
  if (!warnings.length) return;
  for (const w of warnings) log.warn(`settings: ${w}`);
  const message = `EAD: ${warnings.length === 1 ? "a setting was" : "some settings were"} corrected: ${warnings.join(" ")}`;
  void models.notifyOnce("warning", message, [OPEN_SETTINGS]).then((choice) => {
    if (choice === OPEN_SETTINGS) void vscode.commands.executeCommand("workbench.action.openSettings", "ead.");
  });
}

const OPEN_SETTINGS = "Open settings";

export interface CompletionFeature {
  events: CompletionEventHub;
  /** The large-share budget's state for the settings panel. */
  budget: (settings: DecodeSettings) => BudgetSnapshot | undefined;
  /** The loaded pair and where each model runs (CPU, GPU or the team server), for the stats view; undefined when none is loaded. */
  models: () => string | undefined;
  /** The team server's state as the editor shows it (changes fire onDidChange). */
  teamServer: TeamServerWatch;
  handlers: Record<string, (...args: unknown[]) => unknown>;
  testing: CompletionTestingApi;
  /** Only when VS Code runs the extension's tests. */
  testHooks: TestHooks | undefined;
}

export function activateCompletions(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): CompletionFeature {
  const status = new EadStatusBar();
  const client = new EngineClient({
    hostScript: context.asAbsolutePath("dist/engine-host.js"),
    log: (m) => log.info(m),
  });
  const models = new ModelManager(context, log, client, status);
  const teamServer = new TeamServerWatch(client, status, log, (level, message, buttons) => models.notify(level, message, buttons));
  const serverKey = new ServerKeyStore(context.secrets, context.globalState);
  const enabled = () => vscode.workspace.getConfiguration("ead").get<boolean>("enabled", true);
  const idleState = (): StatusState =>
    !enabled() ? "off" : models.loaded ? "ready" : models.problem ? "noModels" : models.loading ? "loading" : "unloaded";

  // The pair loads on the first request that needs it; that request waits for it (the provider).
  let editorChangedAt: number | undefined;
  let askedWhenReady = 0;
  let waitedForPair = 0;
  const pairReady = (): boolean => {
    if (client.state !== "ready") return false;
    models.lifecycle.used();
    // A pair with no entropy history (a new pair, or new window / top-K): measured ahead of the requests.
    void scaleSeed.ensure();
    return true;
  };
  const waitForPair = async (token: vscode.CancellationToken): Promise<boolean> => {
    // A refused pair is not retried on every keystroke: a settings change or a fixed file retries it.
    if (!models.loading && models.problem !== undefined) return false;
    waitedForPair++;
    const cancelled = new Promise<false>((resolve) => token.onCancellationRequested(() => resolve(false)));
    const ready = (await Promise.race([models.whenLoaded(), cancelled])) && client.state === "ready";
    // The first request after a load waits for a new pair's entropy scale, so it already runs near the target share.
    if (ready) await scaleSeed.ensure();
    return ready;
  };
  const askIfEditorJustChanged = () => {
    if (!shouldAskWhenReady(vscode.window.activeTextEditor !== undefined, editorChangedAt, Date.now()) || !enabled()) return;
    askedWhenReady++;
    log.info("models ready: asking for a suggestion in the editor just switched to");
    void vscode.commands.executeCommand("editor.action.inlineSuggest.trigger");
  };

  const budget = new BudgetKeeper(
    context.globalState,
    () => checkEditorSettings((key) => vscode.workspace.getConfiguration("ead").get(key)).settings.budget,
    // Keyed by the pair's identity, the served model's once the team server has answered.
    () => budgetPair(client.info),
  );
  const scaleSeed = new PairScaleSeed(
    budget,
    (request) => client.complete(request),
    () => checkEditorSettings((key) => vscode.workspace.getConfiguration("ead").get(key)).settings.decode,
    (m) => log.info(m),
  );
  // Code from the rest of the project: gathered on editor events, sent with each request.
  const contextFeature = startContext({
    settings: () => checkEditorSettings((key) => vscode.workspace.getConfiguration("ead").get(key)).settings.context,
    log: (m) => log.info(m),
    // The editor is idle and the chunks changed: the engine evaluates the new block now, not on the next keystroke.
    warm: async (promptContext) => {
      if (!enabled() || client.state !== "ready") return false;
      const settings = readServiceSettings(vscode.workspace.getConfiguration("ead")).decode;
      const warmed = await client.warmContext({ context: promptContext, settings });
      log.info(`context: ${warmed.tokens} tokens ready (evaluated now: small ${warmed.evaluated.small}, large ${warmed.evaluated.large})`);
      return true;
    },
  });
  const contextFor = (document: vscode.TextDocument, offset: number, text?: string) => contextFeature.collector.contextFor(document, offset, text);
  let lastEngineRequest: CompletionRequest | undefined;
  const service = new CompletionService({
    engine: {
      complete: (request, options) => {
        lastEngineRequest = request;
        return client.complete(request, options);
      },
    },
    adjustDecode: (settings) => budget.adjust(settings),
    cacheTag: (settings) => budget.cacheTag(settings),
    log: (m) => log.info(m),
    params: () => pairParameters(client.info),
    onBusy: (busy) => status.set(busy ? "generating" : idleState(), models.problem ?? models.description),
    onError: (error) => {
      status.set("error", error.message);
      log.error(`completion: ${error.message}`);
    },
  });
  const events = service.events;
  context.subscriptions.push(
    { dispose: () => void budget.flush() },
    // The budget learns from every finished completion, shown or not.
    events.onDidComplete((r) => budget.observe(r)),
    // The status bar tells about the last suggestion the editor displayed.
    events.onDidShow((shown) => {
      const r = service.lastRecord;
      if (!r || r.uri !== shown.uri || !r.text.endsWith(shown.text)) return;
      const n = r.stats.smallTokens + r.stats.largeTokens;
      const snapshot = r.settings.mode === "ead" && client.info ? budget.snapshot(r.settings) : undefined;
      const underBudget = snapshot?.switching === "budget" ? { target: snapshot.target, runningShare: snapshot.realisedShare } : undefined;
      status.setLast({ latencyMs: r.latencyMs, largeShare: n ? r.stats.largeTokens / n : 0, tokens: n, mode: r.settings.mode, budget: underBudget });
    }),
  );

  client.onCrash((report) => {
    log.warn(report.message);
    if (report.willRestart) {
      // Told once per session; the log has every crash.
      void models.notifyOnce("warning", "EAD: the completion engine process stopped unexpectedly and is being restarted. Details are in the EAD Complete log.");
      return;
    }
    status.set("error", report.message);
    void models.notify("error", `EAD: ${report.message}`, [RESTART]).then((choice) => {
      if (choice === RESTART) void models.load();
    });
  });
  client.onState((state) => {
    if (state === "restarting") status.set("loading", "The engine process is restarting.");
    else if (state === "ready" && models.problem === undefined) {
      status.set(idleState(), models.description);
      askIfEditorJustChanged();
    }
  });

  const provider = new EadInlineCompletionProvider(service, () => enabled() && pairReady(), waitForPair, contextFor);
  let prefetch = true;
  context.subscriptions.push(
    ...contextFeature.disposables,
    status,
    { dispose: () => models.dispose() },
    { dispose: () => void client.dispose() },
    teamServer,
    // A new or removed key applies to the next load; a loaded pair on a team server reloads now.
    serverKey.onDidChange(() => {
      if (!userSetting("largeServer")?.trim()) return;
      service.reset();
      void models.settingsChanged();
    }),
    vscode.languages.registerInlineCompletionItemProvider({ pattern: "**" }, provider),
    vscode.commands.registerCommand(ACCEPT_COMMAND, (id: unknown) => {
      if (typeof id !== "number") return;
      const inserted = service.accepted(id);
      // What follows the accepted text is the next thing the editor will ask for: start on it now.
      const editor = vscode.window.activeTextEditor;
      if (!prefetch || !inserted || !editor || !provider.canProvide(editor.document)) return;
      const text = editor.document.getText();
      // The place after the inserted text, not the selection: the editor may report the moved cursor
      // after this command runs, and a pre-fetch for the old cursor would help nobody.
      const end = inserted.start + inserted.text.length;
      if (editor.document.uri.toString() !== inserted.uri || text.slice(inserted.start, end) !== inserted.text) return;
      void service.prefetch({
        uri: inserted.uri,
        text,
        offset: end,
        settings: readServiceSettings(vscode.workspace.getConfiguration("ead", editor.document)),
        context: contextFor(editor.document, end, text),
      });
    }),
    // Partial accepts (next word / next line) insert the start of the suggestion.
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length !== 1) return;
      const change = e.contentChanges[0];
      if (change.rangeLength !== 0 || change.text.length < 2) return;
      service.insertedText(e.document.uri.toString(), change.rangeOffset, change.text);
    }),
    vscode.window.onDidChangeActiveTextEditor(() => (editorChangedAt = Date.now())),
    vscode.workspace.onDidChangeConfiguration((e) => {
      // The countdown starts again with the new length.
      if (e.affectsConfiguration("ead.idleUnloadMinutes") && client.state === "ready") models.lifecycle.used();
      if (e.affectsConfiguration("ead")) warnAboutSettings(models, log);
      if (pairSettingsChanged((k) => e.affectsConfiguration(k))) {
        service.reset();
        void models.settingsChanged();
      }
      if (e.affectsConfiguration("ead.enabled")) {
        if (!enabled()) service.cancel();
        status.set(idleState(), models.problem);
        log.info(`inline completions ${enabled() ? "on" : "off"}`);
      }
    }),
  );

  const handlers: Record<string, (...args: unknown[]) => unknown> = {
    "ead.triggerCompletion": async () => {
      if (!enabled()) {
        void models.notify("info", "EAD: inline completions are off. Turn them on with “EAD: Toggle inline completions”.");
        return;
      }
      if (!models.loaded) {
        await models.whenLoaded();
        if (!models.loaded) {
          void models.notify("warning", `EAD: no model pair is loaded${models.problem ? `: ${models.problem}` : "."}`, []);
          return;
        }
      }
      await vscode.commands.executeCommand("editor.action.inlineSuggest.trigger");
    },
    "ead.toggle": async () => {
      const next = !enabled();
      await updateSetting("ead", "enabled", next);
      void vscode.window.setStatusBarMessage(`EAD: inline completions ${next ? "on" : "off"}`, 3000);
      return next;
    },
    "ead.selectModels": (small?: unknown, large?: unknown) => models.selectModels(small, large),
    "ead.downloadModels": (preset?: unknown) => models.downloadModels(preset),
    ...serverKeyHandlers(serverKey, log, (level, message) => models.notify(level, message, [])),
  };

  warnAboutSettings(models, log);
  // A repository's settings cannot name models or servers: told once per workspace when one tries.
  context.subscriptions.push(watchIgnoredWorkspaceSettings(context, log, (m, b) => models.notify("warning", m, b)));
  // No model loads here: the first completion request of the session loads the pair.
  status.set(idleState());
  showWalkthroughOnFirstRun(context, log);

  const testing: CompletionTestingApi = {
    counters: () => ({ ...service.counters }),
    providerCounters: () => ({ ...provider.counters, declined: { ...provider.counters.declined } }),
    resetCounters: () => {
      // inFlight counts calls still running (a pre-fetch after an accept may be): it is kept, or their
      // ends would take it below 0.
      const { inFlight } = service.counters;
      for (const key of Object.keys(service.counters) as (keyof ServiceCounters)[]) service.counters[key] = 0;
      service.counters.inFlight = service.counters.maxInFlight = inFlight;
      provider.counters.calls = provider.counters.automatic = provider.counters.explicit = 0;
      provider.counters.declined.off = provider.counters.declined.suggestWidget = 0;
    },
    lastRecord: () => service.lastRecord,
    shownSuggestion: () => service.shownSuggestion,
    engineInFlight: () => client.requestsInFlight("complete"),
    engineState: () => client.state,
    enginePid: () => client.pid,
    engineMemory: () => client.memory(),
    status: () => ({ state: status.state, text: status.text, tooltip: status.tooltip }),
    engineInfo: () => client.info,
    teamServerTold: () => [...teamServer.told],
    teamServerQuestions: () => models.gate.asked.toArray(),
    logFolder: () => context.logUri.fsPath,
    notices: () => models.notices.toArray(),
    loadProgress: () => models.loadProgress.toArray(),
    idleUnloads: () => models.lifecycle.unloads,
    askedWhenReady: () => askedWhenReady,
    waitedForPair: () => waitedForPair,
    problem: () => models.problem,
    whenLoaded: () => models.whenLoaded(),
    reload: () => models.load(),
    storageDir: () => models.storageDir,
    resetCache: async () => {
      await service.stop();
      service.reset();
    },
    lastEngineRequest: () => lastEngineRequest,
    contextChunks: () => contextFeature.collector.ring.chunks.map((c) => ({ path: c.path, text: c.text })),
    contextCounters: () => structuredClone(contextFeature.collector.counters),
    contextFor,
  };
  const testHooks = testHooksFor(context, { setHubEndpoint: (url) => (models.hubEndpoint = url), setPrefetch: (on) => (prefetch = on),
    setModelStoreHome: (dir) => (models.storeHome = dir),
    answerTeamServerQuestions: (answer) => (models.gate.answerForTests = answer),
  });
  return {
    events,
    handlers,
    testing,
    testHooks,
    budget: (settings) => (client.info ? budget.snapshot(settings) : undefined),
    models: () => (client.info ? [models.description, teamServer.line].filter(Boolean).join("\n") : undefined),
    teamServer,
  };
}
