// Follows the team server (ead.largeServer) for the editor: its state at each load and every change the
// engine process reports. The status bar shows it, the log records it, and an outage is told once
// (OutageNotices); when the server is back, the status bar says so for a few seconds.
import * as vscode from "vscode";
import type { RemoteLaneState } from "../engine/remote/remoteLane";
import type { EngineClient } from "../host/engineClient";
import type { EadStatusBar } from "../ui/statusBar";
import { outageMessage, recoveryMessage, teamServerLine, teamServerLogLine } from "../ui/teamServerText";
import { OutageNotices, type OutageEvent } from "./outageNotices";
import type { Notice } from "./manager";

const OPEN_SETTINGS = "Open Settings";
const SHOW_LOG = "Show Log";
const SET_KEY = "Set API key";

type Notify = (level: Notice["level"], message: string, buttons: string[]) => Thenable<string | undefined>;

export class TeamServerWatch implements vscode.Disposable {
  private readonly notices = new OutageNotices();
  private readonly listeners = new Set<() => void>();
  private readonly unsubscribe: (() => void)[];
  /** The latest state (undefined while the large model runs here). */
  state: RemoteLaneState | undefined;
  /** Outage starts and ends told so far, for the log and tests. */
  readonly told: { event: OutageEvent; url: string; at: number }[] = [];

  constructor(
    client: EngineClient,
    private readonly status: EadStatusBar,
    private readonly log: vscode.LogOutputChannel,
    private readonly notify: Notify,
  ) {
    this.unsubscribe = [
      client.onRemoteState((state) => this.update(state)),
      // Each load (and each restart of the engine process) says where the large model runs now.
      client.onState((s) => {
        if (s === "ready") this.update(client.info?.remote);
        // Unloaded (idle, or a reload under way): nothing to show until the next load says.
        else if (s === "stopped") this.status.setRemote(undefined);
      }),
    ];
  }

  /** The stats view redraws on changes. */
  onDidChange(listener: () => void): vscode.Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** The line the stats view adds under the pair, if the large model runs on a server. */
  get line(): string | undefined {
    return this.state && teamServerLine(this.state);
  }

  private update(state: RemoteLaneState | undefined): void {
    const before = this.state;
    this.state = state;
    this.status.setRemote(state && { up: state.up, line: teamServerLine(state) });
    if (state && (!before || before.up !== state.up || before.url !== state.url || before.model?.name !== state.model?.name)) {
      if (state.up) this.log.info(teamServerLogLine(state));
      else this.log.warn(teamServerLogLine(state));
    }
    const event = this.notices.observe(state);
    if (state && event) {
      this.told.push({ event, url: state.url, at: Date.now() });
      if (event === "down") this.tellOutage(state);
      else {
        this.log.info(`team server: ${state.url} is back`);
        vscode.window.setStatusBarMessage(recoveryMessage(state), 10_000);
      }
    }
    for (const l of this.listeners) l();
  }

  private tellOutage(state: RemoteLaneState): void {
    const unauthorised = /HTTP 401/.test(state.reason ?? "");
    const buttons = unauthorised ? [SET_KEY, OPEN_SETTINGS, SHOW_LOG] : [OPEN_SETTINGS, SHOW_LOG];
    void this.notify("warning", outageMessage(state), buttons).then((choice) => {
      if (choice === OPEN_SETTINGS) void vscode.commands.executeCommand("workbench.action.openSettings", "ead.largeServer");
      else if (choice === SHOW_LOG) this.log.show();
      else if (choice === SET_KEY) void vscode.commands.executeCommand("ead.setServerKey");
    });
  }

  dispose(): void {
    for (const u of this.unsubscribe) u();
    this.listeners.clear();
  }
}
