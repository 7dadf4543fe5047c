// Benchmark tasks: JSONL with id, prefix, suffix, reference (other fields are kept but unused).
import { readJsonLines } from "./jsonLines";

export interface BenchTask {
  id: string;
  prefix: string;
  suffix: string;
  reference: string;
  kind?: string;
}

export async function readTasks(path: string): Promise<BenchTask[]> {
  const tasks: BenchTask[] = [];
  for (const { row: value, where, index } of await readJsonLines(path)) {
    const row = value as Record<string, unknown>;
    for (const key of ["prefix", "reference"]) {
      if (typeof row?.[key] !== "string") throw new Error(`${where}: field "${key}" must be a string`);
    }
    tasks.push({
      id: String(row.id ?? index + 1),
      prefix: row.prefix as string,
      suffix: typeof row.suffix === "string" ? row.suffix : "",
      reference: row.reference as string,
      kind: typeof row.kind === "string" ? row.kind : undefined,
    });
  }
  if (tasks.length === 0) throw new Error(`${path} holds no tasks`);
  return tasks;
}

/** A line task asks for the rest of one line: scored on the first line only. */
export function isLineTask(task: BenchTask): boolean {
  return task.kind ? task.kind === "line" : !task.reference.replace(/\n$/, "").includes("\n");
}
