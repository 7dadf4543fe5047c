// What the model manager tells the user, each kept (bounded) for the log and tests.
import * as vscode from "vscode";
import { BoundedLog } from "./boundedLog";

/** A notification the model manager showed. */
export interface Notice {
  level: "info" | "warning" | "error";
  message: string;
  buttons: string[];
}

/** Where a load showed its progress, for the log and tests. */
export interface LoadProgress {
  location: "notification" | "window";
  at: number;
}

/** How many recent notifications and progress records are kept (older ones are dropped). */
export const NOTICES_KEPT = 100;

/** Shows notifications, each message at most once while it stays the same problem. */
export class Notifier {
  /** The latest notifications shown (at most NOTICES_KEPT), for tests. Every one is also logged. */
  readonly notices = new BoundedLog<Notice>(NOTICES_KEPT);
  private readonly shown = new Set<string>();

  /** Shows a notification unless the same one was shown before; every call is recorded. */
  once(level: Notice["level"], message: string, buttons: string[] = []): Thenable<string | undefined> {
    if (this.shown.has(message)) return Promise.resolve(undefined);
    this.shown.add(message);
    return this.show(level, message, buttons);
  }

  show(level: Notice["level"], message: string, buttons: string[] = []): Thenable<string | undefined> {
    this.notices.push({ level, message, buttons });
    const show = { info: vscode.window.showInformationMessage, warning: vscode.window.showWarningMessage, error: vscode.window.showErrorMessage }[level];
    return show(message, ...buttons);
  }

  /** The problems are over: one that comes back is told again. */
  forgetShown(): void {
    this.shown.clear();
  }
}
