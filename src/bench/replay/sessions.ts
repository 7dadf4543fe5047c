// Editing sessions the replay types: a document and steps (put the cursor at `offset`, type `text`).
// A file may hold sessions (bench/replay/sessions.jsonl) or dev-set tasks (`prefix`, `reference`,
// `suffix`), each replayed as retyping `reference` between `prefix` and `suffix`.
// Either may say where the typed file lives (`repo`, `path`) and what the user looked at before typing:
// a session's `opened` files (the editor gathers chunks from them, sessionContext.ts), a cross-file
// task's `context` chunks (gathered already, in the user's order).
import type { ContextChunk } from "../../engine/types";
import { readJsonLines } from "../jsonLines";

export interface ReplayStep {
  /** Cursor offset in the document as it is when the step starts. */
  offset: number;
  text: string;
}

export interface ReplaySession {
  id: string;
  /** retype (a body in the middle of a file), append (new code at the end), jump (edit, jump, come back), task. */
  kind: string;
  source?: string;
  document: string;
  steps: ReplayStep[];
  /** The package the typed file belongs to (the prompt's repository name). */
  repo?: string;
  /** The typed file's path in its package. */
  path?: string;
  /** Other files of the package the user opened before typing, in that order (whole texts). */
  opened?: ContextChunk[];
  /** Chunks gathered before typing (a cross-file task's `context`), oldest first. */
  chunks?: ContextChunk[];
}

/** Whether the session carries anything for the editor to gather context from. */
export function hasContext(session: ReplaySession): boolean {
  return !!(session.opened?.length || session.chunks?.length);
}

export function sessionFromTask(task: { id: string; prefix: string; reference: string; suffix: string }): ReplaySession {
  return { id: task.id, kind: "task", document: task.prefix + task.suffix, steps: [{ offset: task.prefix.length, text: task.reference }] };
}

/** Characters a session types. */
export function typedChars(session: ReplaySession): number {
  return session.steps.reduce((n, s) => n + s.text.length, 0);
}

function chunksField(row: Record<string, unknown>, key: string, where: string): ContextChunk[] | undefined {
  const value = row[key];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new Error(`${where}: field "${key}" must be an array of {"path": string, "text": string}`);
  return value.map((c: unknown, k) => {
    const chunk = c as Record<string, unknown>;
    if (typeof chunk?.path !== "string" || typeof chunk?.text !== "string") throw new Error(`${where}: ${key}[${k}] must be {"path": string, "text": string}`);
    return { path: chunk.path, text: chunk.text };
  });
}

function stringField(row: Record<string, unknown>, key: string, where: string): string | undefined {
  if (row[key] !== undefined && typeof row[key] !== "string") throw new Error(`${where}: field "${key}" must be a string`);
  return row[key] as string | undefined;
}

/** The package name of a `source` such as "axios@1.21.1/lib/utils.js:12" or "@scope/name@1.0.0/...". */
function packageOf(source: string | undefined): string | undefined {
  return source === undefined ? undefined : /^(@[^@/]+\/[^@/]+|[^@/]+)@/.exec(source)?.[1];
}

/** The file path of a `source` such as "axios@1.21.1/lib/utils.js:12": "lib/utils.js". */
function pathOf(source: string | undefined): string | undefined {
  return source === undefined ? undefined : /^(?:@[^@/]+\/)?[^@/]+@[^/]+\/(.+?)(?::\d+)?$/.exec(source)?.[1];
}

/** Where the typed file lives and what the user looked at first: fields shared by sessions and tasks. */
function placeFields(row: Record<string, unknown>, where: string, taskContext: boolean): Pick<ReplaySession, "repo" | "path" | "opened" | "chunks"> {
  const source = typeof row.source === "string" ? row.source : undefined;
  const repo = stringField(row, "repo", where) ?? packageOf(source);
  const path = stringField(row, "path", where) ?? pathOf(source);
  const opened = chunksField(row, "opened", where);
  const chunks = taskContext ? chunksField(row, "context", where) : undefined;
  return { ...(repo === undefined ? {} : { repo }), ...(path === undefined ? {} : { path }), ...(opened ? { opened } : {}), ...(chunks ? { chunks } : {}) };
}

function parseRow(row: Record<string, unknown>, where: string, index: number): ReplaySession {
  const id = String(row.id ?? index + 1);
  if (typeof row.document === "string" || Array.isArray(row.steps)) {
    if (typeof row.document !== "string") throw new Error(`${where}: field "document" must be a string`);
    if (!Array.isArray(row.steps) || row.steps.length === 0) throw new Error(`${where}: field "steps" must be a non-empty array of {offset, text}`);
    let length = row.document.length;
    const steps = row.steps.map((s: unknown, k) => {
      const step = s as Record<string, unknown>;
      if (!Number.isInteger(step?.offset) || typeof step?.text !== "string") throw new Error(`${where}: step ${k + 1} must be {"offset": integer, "text": string}`);
      if ((step.offset as number) < 0 || (step.offset as number) > length) throw new Error(`${where}: step ${k + 1} offset ${step.offset} is outside the document (length ${length} at that step)`);
      length += (step.text as string).length;
      return { offset: step.offset as number, text: step.text as string };
    });
    return { id, kind: typeof row.kind === "string" ? row.kind : "session", source: typeof row.source === "string" ? row.source : undefined, document: row.document, steps, ...placeFields(row, where, false) };
  }
  for (const key of ["prefix", "reference"]) {
    if (typeof row[key] !== "string") throw new Error(`${where}: a task needs string fields "prefix" and "reference" (or a session: "document" and "steps"); "${key}" is missing`);
  }
  if (row.suffix !== undefined && typeof row.suffix !== "string") throw new Error(`${where}: field "suffix" must be a string`);
  const session = sessionFromTask({ id, prefix: row.prefix as string, reference: row.reference as string, suffix: (row.suffix as string | undefined) ?? "" });
  return { ...session, source: typeof row.source === "string" ? row.source : undefined, ...placeFields(row, where, true) };
}

export async function readSessions(path: string): Promise<ReplaySession[]> {
  const sessions: ReplaySession[] = [];
  for (const { row, where } of await readJsonLines(path)) {
    if (!row || typeof row !== "object" || Array.isArray(row)) throw new Error(`${where}: each line must be a JSON object`);
    const session = parseRow(row as Record<string, unknown>, where, sessions.length);
    if (typedChars(session) > 0) sessions.push(session);
  }
  if (sessions.length === 0) throw new Error(`${path} holds no sessions or tasks with text to type`);
  return sessions;
}
