// Benchmark tasks: JSONL with id, prefix, suffix, reference; cross-file tasks add path, context and
// identifier (other fields are kept but unused).
import type { ContextChunk, PromptContext } from "../engine/types";
import { readJsonLines } from "./jsonLines";

export interface BenchTask {
  id: string;
  prefix: string;
  suffix: string;
  reference: string;
  kind?: string;
  /** The current file's path in its package. */
  path?: string;
  /** Chunks of other files, in the order a user would have gathered them. */
  context?: ContextChunk[];
  /** The package, from `source` ("name@version/path:line"): the repository name of the prompt. */
  repo?: string;
  /** The name, defined elsewhere, that the completion must start with. */
  identifier?: string;
}

export async function readTasks(path: string): Promise<BenchTask[]> {
  const tasks: BenchTask[] = [];
  for (const { row: value, where, index } of await readJsonLines(path)) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error(`${where}: a task must be a JSON object`);
    const row = value as Record<string, unknown>;
    for (const key of ["prefix", "reference"]) {
      if (typeof row[key] !== "string") throw new Error(`${where}: field "${key}" must be a string`);
    }
    const repo = typeof row.source === "string" ? packageOf(row.source) : undefined;
    tasks.push({
      id: String(row.id ?? index + 1),
      prefix: row.prefix as string,
      suffix: typeof row.suffix === "string" ? row.suffix : "",
      reference: row.reference as string,
      kind: typeof row.kind === "string" ? row.kind : undefined,
      ...crossFileFields(row, where),
      ...(repo ? { repo } : {}),
    });
  }
  if (tasks.length === 0) throw new Error(`${path} holds no tasks`);
  return tasks;
}

/** `path`, `context` and `identifier`, checked: each optional, each of its own shape when present. */
function crossFileFields(row: Record<string, unknown>, where: string): Pick<BenchTask, "path" | "context" | "identifier"> {
  const out: Pick<BenchTask, "path" | "context" | "identifier"> = {};
  if (row.path !== undefined) {
    if (typeof row.path !== "string" || !row.path) throw new Error(`${where}: field "path" must be a non-empty string (the file's path in its package)`);
    out.path = row.path;
  }
  if (row.context !== undefined) {
    if (!Array.isArray(row.context)) throw new Error(`${where}: field "context" must be an array of {"path", "text"} chunks`);
    out.context = row.context.map((chunk: unknown, i) => {
      const c = chunk as Record<string, unknown> | null;
      if (typeof c !== "object" || c === null || typeof c.path !== "string" || typeof c.text !== "string") {
        throw new Error(`${where}: context[${i}] must be an object with string fields "path" and "text"`);
      }
      return { path: c.path, text: c.text };
    });
  }
  if (row.identifier !== undefined) {
    if (typeof row.identifier !== "string" || !row.identifier.trim()) throw new Error(`${where}: field "identifier" must be a non-empty string (the name the completion starts with)`);
    out.identifier = row.identifier;
  }
  return out;
}

/** "axios@1.2.3/lib/x.js:4" -> "axios"; "@scope/pkg@1.0.0/..." -> "@scope/pkg"; undefined without a version. */
function packageOf(source: string): string | undefined {
  const at = source.indexOf("@", 1);
  return at > 0 ? source.slice(0, at) : undefined;
}

/** Whether a task carries context from other files. */
export function hasContext(task: BenchTask): boolean {
  return task.context !== undefined;
}

/** The request's context for a task that carries some, as the editor would send it (`maxTokens`: the block's bound, as ead.context.maxTokens). */
export function promptContext(task: BenchTask, maxTokens?: number): PromptContext | undefined {
  if (!task.context) return undefined;
  return { ...(task.repo ? { repo: task.repo } : {}), ...(task.path ? { path: task.path } : {}), chunks: task.context, ...(maxTokens !== undefined ? { maxTokens } : {}) };
}

/** A line task asks for the rest of one line: scored on the first line only. */
export function isLineTask(task: BenchTask): boolean {
  return task.kind ? task.kind === "line" : !task.reference.replace(/\n$/, "").includes("\n");
}
