// Benchmark tasks: JSONL with id, prefix, suffix, reference (other fields are kept but unused).
import { readFile } from "node:fs/promises";

export interface BenchTask {
  id: string;
  prefix: string;
  suffix: string;
  reference: string;
  kind?: string;
}

export async function readTasks(path: string): Promise<BenchTask[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new Error(`cannot read tasks file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const tasks: BenchTask[] = [];
  text.split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    let row: Record<string, unknown>;
    try {
      row = JSON.parse(line);
    } catch {
      throw new Error(`${path}:${i + 1}: not valid JSON`);
    }
    for (const key of ["prefix", "reference"]) {
      if (typeof row[key] !== "string") throw new Error(`${path}:${i + 1}: field "${key}" must be a string`);
    }
    tasks.push({
      id: String(row.id ?? i + 1),
      prefix: row.prefix as string,
      suffix: typeof row.suffix === "string" ? row.suffix : "",
      reference: row.reference as string,
      kind: typeof row.kind === "string" ? row.kind : undefined,
    });
  });
  if (tasks.length === 0) throw new Error(`${path} holds no tasks`);
  return tasks;
}

/** A line task asks for the rest of one line: scored on the first line only. */
export function isLineTask(task: BenchTask): boolean {
  return task.kind ? task.kind === "line" : !task.reference.replace(/\n$/, "").includes("\n");
}
