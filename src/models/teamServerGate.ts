// What must be settled before anything is sent to a team server: plain http to another machine is
// sent only after the user agreed once for that origin ("Send code and key unencrypted to HOST?"),
// and a server without a key of its own, while other servers have keys, asks for its key first.
// Until then nothing is sent: the load is refused with the reason. Answers are kept per origin.
import * as vscode from "vscode";
import { BoundedLog } from "./boundedLog";
import type { ServerKeyStore } from "./serverKey";
import { isUnencryptedRemote, serverHost, serverOrigin } from "./serverOrigin";

const PLAIN_HTTP_STATE = "ead.largeServer.plainHttp";
const NO_KEY_STATE = "ead.largeServer.noKeyNeeded";
export const SEND_UNENCRYPTED = "Send unencrypted";
export const SET_KEY = "Set API key";
export const NO_KEY = "Continue without a key";

export type Admission = { apiKey?: string } | { refused: string; allowButton?: string };

/** A question asked before sending: the message, the buttons, what was answered (undefined: Cancel). */
export interface GateQuestion {
  message: string;
  buttons: string[];
  answer: string | undefined;
}

export class TeamServerGate {
  readonly asked = new BoundedLog<GateQuestion>(100);
  /** Answers questions instead of a person (the extension's tests only). */
  answerForTests: ((message: string, buttons: string[]) => string | undefined) | undefined;

  constructor(
    private readonly keys: ServerKeyStore,
    private readonly state: vscode.Memento,
  ) {}

  /** Before any request to `url`: the key to send (if any), or why nothing may be sent. */
  async admit(url: string): Promise<Admission> {
    const origin = serverOrigin(url);
    const host = serverHost(url);
    if (isUnencryptedRemote(url)) {
      let allowed = this.answers(PLAIN_HTTP_STATE)[origin];
      if (allowed === undefined) {
        const answer = await this.ask(
          `Send code and key unencrypted to ${host}? ead.largeServer is ${origin}: plain http to another machine, so your code and the team-server key cross the network readable by anyone on the way. Use https:// to avoid this.`,
          [SEND_UNENCRYPTED],
        );
        allowed = answer === SEND_UNENCRYPTED;
        await this.remember(PLAIN_HTTP_STATE, origin, allowed);
      }
      if (!allowed) {
        return {
          refused: `nothing is sent to the team server ${origin}: it is plain http to another machine and sending code unencrypted was declined. Use an https:// URL, or allow it.`,
          allowButton: SEND_UNENCRYPTED,
        };
      }
    }
    const key = await this.keys.get(url);
    if (key) return { apiKey: key };
    if (this.answers(NO_KEY_STATE)[origin] || !(await this.keys.keysElsewhere(url))) return {};
    const answer = await this.ask(
      `The team server ${host} has no API key stored. A key is sent only to the server it was stored for, so the key of another server is not used here. Set a key for ${host}, or go on without one?`,
      [SET_KEY, NO_KEY],
    );
    if (answer === NO_KEY) {
      await this.remember(NO_KEY_STATE, origin, true);
      return {};
    }
    if (answer === SET_KEY && (await vscode.commands.executeCommand<boolean>("ead.setServerKey", undefined, url))) {
      const stored = await this.keys.get(url);
      if (stored) return { apiKey: stored };
    }
    return { refused: `nothing is sent to the team server ${origin} until it has its own API key (or you choose to go on without one).` };
  }

  /** The refusal's button was pressed: sending to `url` is allowed from now on. */
  async allow(url: string): Promise<void> {
    await this.remember(PLAIN_HTTP_STATE, serverOrigin(url), true);
  }

  private answers(stateKey: string): Record<string, boolean> {
    const value = this.state.get<unknown>(stateKey);
    return value && typeof value === "object" ? (value as Record<string, boolean>) : {};
  }

  private async remember(stateKey: string, origin: string, value: boolean): Promise<void> {
    await this.state.update(stateKey, { ...this.answers(stateKey), [origin]: value });
  }

  /** A modal question: it always ends with an answer (Cancel or Escape: undefined). */
  private async ask(message: string, buttons: string[]): Promise<string | undefined> {
    const answer = this.answerForTests
      ? this.answerForTests(message, buttons)
      : await vscode.window.showWarningMessage(`EAD: ${message}`, { modal: true }, ...buttons);
    this.asked.push({ message, buttons, answer });
    return answer;
  }
}
