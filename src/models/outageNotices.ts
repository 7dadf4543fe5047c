// The rule for telling the user about the team server: one notification when an outage starts (at
// load, or later), nothing more while it lasts (its reason may change from try to try), and a quiet
// word when it ends. A reload against the same server that is still down is the same outage. Another
// URL is another server, seen afresh.

export interface ServerState {
  url: string;
  up: boolean;
}

/** "down": an outage started, show the notification; "up": it ended, say so quietly. */
export type OutageEvent = "down" | "up";

export class OutageNotices {
  private last: ServerState | undefined;

  /** Takes the latest state (undefined: no team server in use); says what to tell, if anything. */
  observe(state: ServerState | undefined): OutageEvent | undefined {
    const before = this.last;
    this.last = state && { url: state.url, up: state.up };
    if (!state) return undefined;
    const wasDown = before !== undefined && before.url === state.url && !before.up;
    if (!state.up) return wasDown ? undefined : "down";
    return wasDown ? "up" : undefined;
  }
}
