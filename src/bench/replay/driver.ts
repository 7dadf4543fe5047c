// Plays one editing session against a backend in real time: each keystroke edits the document and asks
// the backend, as the editor does (the previous request's token is cancelled), and every model request
// the backend makes is recorded with the keystroke that caused it. With context, a change of the ring is
// evaluated ahead of the requests ("warm-up") only as the editor would: once no key was pressed for
// CONTEXT_IDLE_MS; until then the keystrokes' own requests carry (and evaluate) the new block.
import { CONTEXT_IDLE_MS } from "../../engine/promptContext/limits";
import { CancelSource, type ModelCall, type ReplayAnswer, type ReplayBackend } from "./backend";
import { SessionContext, type GatherEvent } from "./sessionContext";
import type { ReplaySession } from "./sessions";
import { DEFAULT_PACE, typingSchedule, type TypingPace } from "./typing";

export interface RequestRecord extends ModelCall {
  session: string;
  kind: string;
  /** Index of the keystroke (in the session) whose request started this model request. */
  keystroke: number;
  /** Characters typed since the previous model request (the session's opening request counts). */
  charsSincePrevious: number;
  /** Keystroke to ghost text on screen, ms, when the answer was shown. */
  latencyMs?: number;
  shown?: string;
  /** Leading characters of the shown text that the user typed next (acceptance proxy). */
  matched?: number;
}

export interface SessionResult {
  session: string;
  requests: RequestRecord[];
  charsTyped: number;
  /** Typed characters that the ghost text on screen had predicted at that moment. */
  matchedChars: number;
  /** Answers shown, by where they came from (engine, cache, typedThrough). */
  answers: Record<string, number>;
  /** With context: what the editor gathered, in order (sessionContext.ts). */
  gathered?: GatherEvent[];
  /** With context: prompt tokens each model evaluated in warm-ups, each fired CONTEXT_IDLE_MS after the last key (off the keystrokes' path). */
  warmed?: { small: number; large: number };
}

export interface PlayOptions {
  seed: number;
  pace?: TypingPace;
  /** Gather context as the editor would (a fresh ring buffer per session), bounded to `maxTokens`; absent: none. */
  context?: { maxTokens?: number };
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

const sleepUntil = (t: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, t - performance.now())));

export async function playSession(session: ReplaySession, backend: ReplayBackend, options: PlayOptions): Promise<SessionResult> {
  const uri = `file:///replay/${session.id}`;
  const requests: RequestRecord[] = [];
  const answers: Record<string, number> = {};
  const keystrokeAt: number[] = [];
  /** What the user types after each keystroke, within its step. */
  const upcoming: string[] = [];
  const callKeystroke = new Map<number, { keystroke: number; chars: number }>();
  let latest = -1;
  let previousCallKeystroke = -1;
  /** The untimed request made when the session opens, before any keystroke: not recorded. */
  let opening = true;
  let matchedChars = 0;
  let ghost: { offset: number; text: string } | undefined;
  const pending: Promise<void>[] = [];

  backend.sink = {
    started: (id) => {
      if (opening) return;
      callKeystroke.set(id, { keystroke: latest, chars: latest - previousCallKeystroke });
      previousCallKeystroke = latest;
    },
    finished: (id, call) => {
      const origin = callKeystroke.get(id);
      if (!origin) return;
      requests.push({ ...call, session: session.id, kind: session.kind, keystroke: origin.keystroke, charsSincePrevious: origin.chars });
    },
  };

  const shownFor = (k: number, offset: number, cancel: CancelSource) => (answer: ReplayAnswer | undefined) => {
    if (!answer || cancel.isCancellationRequested || k !== latest) return;
    const at = performance.now();
    answers[answer.source] = (answers[answer.source] ?? 0) + 1;
    ghost = { offset, text: answer.text };
    if (answer.source !== "engine") return;
    const record = [...requests].reverse().find((r) => r.keystroke === k && r.outcome === "completed");
    if (!record) return;
    record.latencyMs = at - keystrokeAt[k];
    record.shown = answer.text;
    record.matched = commonPrefix(answer.text, upcoming[k]);
  };

  let doc = session.document;
  let cancel: CancelSource | undefined;
  const gatherer = options.context ? new SessionContext(session, uri, options.context.maxTokens) : undefined;
  const query = (offset: number) => {
    const context = gatherer?.at(doc, offset);
    return { uri, text: doc, offset, ...(context ? { context } : {}) };
  };
  const warmed = { small: 0, large: 0 };
  const warmups: Promise<void>[] = [];
  /**
   * The ring changed and no key was pressed for CONTEXT_IDLE_MS: the editor has the engine evaluate the
   * new block now (collector.ts scheduleIdle). Not awaited: the keystrokes go on at their times.
   */
  const warm = (offset: number) => {
    const context = gatherer?.at(doc, offset);
    if (!context || !backend.warm) return;
    warmups.push(
      backend.warm(context).then(
        (w) => {
          warmed.small += w.small;
          warmed.large += w.large;
        },
        () => undefined, // a keystroke's request aborts a warm-up: what it evaluated stays cached
      ),
    );
  };
  /** The ring changed since the last warm-up (or ever): the next idle moment warms it. */
  let unwarmed = gatherer?.begin(doc) ?? false;
  try {
    // Opening the file: the editor asks once at the first cursor position before any keystroke, so the
    // first recorded request has a previous one, as every later request does (its cost is not counted).
    // It comes at once, with the context just gathered: no warm-up before it.
    const opened = await backend.provide(query(session.steps[0].offset), new CancelSource());
    if (opened) ghost = { offset: session.steps[0].offset, text: opened.text };
    opening = false;
    let clock = performance.now();
    /** When the latest key was pressed (before the first: when the opening request ended): the idle countdown starts there. */
    let lastKeyAt = clock;
    let cursor = session.steps[0].offset;
    for (const [s, step] of session.steps.entries()) {
      // Moving elsewhere in the file: the user saved where they were typing (the editor gathers a chunk,
      // and warms it only if the move takes CONTEXT_IDLE_MS or more).
      if (s > 0 && gatherer?.saved(doc, cursor)) unwarmed = true;
      cursor = step.offset;
      const gaps = typingSchedule(step.text, options.seed * 1000 + s, options.pace ?? DEFAULT_PACE);
      for (let i = 0; i < step.text.length; i++) {
        // Idle for CONTEXT_IDLE_MS since the last key (or the file's opening) with the ring changed: the
        // warm-up starts then, at the cursor (already at the step's place when the move is what takes that long).
        // Measured from when the last key really came: a replay running late must not warm just before a key.
        clock += gaps[i];
        if (unwarmed && clock - lastKeyAt >= CONTEXT_IDLE_MS) {
          await sleepUntil(lastKeyAt + CONTEXT_IDLE_MS);
          warm(cursor);
          unwarmed = false;
        }
        await sleepUntil(clock);
        const ch = step.text[i];
        // The acceptance proxy: did the ghost text on screen predict this character?
        if (ghost && ghost.offset === cursor && ghost.text.startsWith(ch)) {
          matchedChars++;
          ghost = { offset: cursor + 1, text: ghost.text.slice(1) };
        } else ghost = undefined;
        doc = doc.slice(0, cursor) + ch + doc.slice(cursor);
        cursor++;
        const k = ++latest;
        keystrokeAt[k] = lastKeyAt = performance.now();
        upcoming[k] = step.text.slice(i + 1);
        cancel?.cancel();
        const token = new CancelSource();
        cancel = token;
        pending.push(backend.provide(query(cursor), token).then(shownFor(k, cursor, token)));
      }
    }
    await Promise.all([...pending, ...warmups]);
  } finally {
    await backend.endSession();
    backend.sink = undefined;
  }
  return {
    session: session.id,
    requests,
    charsTyped: latest + 1,
    matchedChars,
    answers,
    ...(gatherer ? { gathered: gatherer.events.map((e) => ({ ...e })), warmed } : {}),
  };
}
