// Editing sessions the replay types: a document and steps (put the cursor at `offset`, type `text`).
// A file may hold sessions (bench/replay/sessions.jsonl) or dev-set tasks (`prefix`, `reference`,
// `suffix`), each replayed as retyping `reference` between `prefix` and `suffix`.
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
}

export function sessionFromTask(task: { id: string; prefix: string; reference: string; suffix: string }): ReplaySession {
  return { id: task.id, kind: "task", document: task.prefix + task.suffix, steps: [{ offset: task.prefix.length, text: task.reference }] };
}

/** Characters a session types. */
export function typedChars(session: ReplaySession): number {
  return session.steps.reduce((n, s) => n + s.text.length, 0);
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
    return { id, kind: typeof row.kind === "string" ? row.kind : "session", source: typeof row.source === "string" ? row.source : undefined, document: row.document, steps };
  }
  for (const key of ["prefix", "reference"]) {
    if (typeof row[key] !== "string") throw new Error(`${where}: a task needs string fields "prefix" and "reference" (or a session: "document" and "steps"); "${key}" is missing`);
  }
  if (row.suffix !== undefined && typeof row.suffix !== "string") throw new Error(`${where}: field "suffix" must be a string`);
  const session = sessionFromTask({ id, prefix: row.prefix as string, reference: row.reference as string, suffix: (row.suffix as string | undefined) ?? "" });
  return { ...session, source: typeof row.source === "string" ? row.source : undefined };
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
