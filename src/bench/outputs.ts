// Every completion of a bench run, kept per configuration, task order and task: the input of fidelity and
// the bootstrap, and the lines of <out>/outputs.jsonl.
import type { BenchConfig } from "./quality";
import type { BenchTask } from "./tasks";
import type { TaskOutput } from "./taskOutput";
import { round } from "./stats";

/** One line of outputs.jsonl. */
export interface OutputLine {
  taskId: string;
  /** The configuration's label, as results.json's `label`. */
  config: string;
  /** Task order (0: the file's order); only for points run over several orders. */
  order?: number;
  text: string;
  rawText: string;
  largeShare: number;
  tokens: number;
  firstLarge: boolean;
  /** Against the task's reference. */
  exactMatch: boolean;
  editSimilarity: number;
  /** Tasks that name an identifier: whether the shown text starts with it. */
  identifierHit?: boolean;
}

export class OutputCollector {
  /** Per configuration: runs (one per task order) of outputs indexed by the task's place in the file. */
  private readonly runs = new Map<BenchConfig, TaskOutput[][]>();
  private readonly index = new Map<BenchTask, number>();

  constructor(readonly tasks: readonly BenchTask[]) {
    tasks.forEach((t, i) => this.index.set(t, i));
  }

  /** For BenchOptions.onOutput: a point run over several orders sees each task once per order, in turn. */
  readonly record = (config: BenchConfig, task: BenchTask, output: TaskOutput): void => {
    const i = this.index.get(task);
    if (i === undefined) throw new Error(`output for a task outside the run (${task.id})`);
    const runs = this.runs.get(config) ?? [];
    this.runs.set(config, runs);
    let run = runs.find((r) => r[i] === undefined);
    if (!run) runs.push((run = []));
    run[i] = output;
  };

  /** The complete runs of a configuration (every task present), one per task order. */
  of(config: BenchConfig): TaskOutput[][] {
    const n = this.tasks.length;
    return (this.runs.get(config) ?? []).filter((r) => r.length === n && r.every((o) => o !== undefined));
  }

  lines(configs: readonly BenchConfig[], labels: readonly string[]): OutputLine[] {
    const out: OutputLine[] = [];
    configs.forEach((config, c) => {
      const runs = this.of(config);
      runs.forEach((run, order) =>
        run.forEach((o, i) =>
          out.push({
            taskId: this.tasks[i].id,
            config: labels[c],
            ...(runs.length > 1 ? { order } : {}),
            text: o.text,
            rawText: o.rawText,
            largeShare: round(o.largeShare),
            tokens: o.tokens,
            firstLarge: o.firstLarge,
            exactMatch: o.exact,
            editSimilarity: round(o.similarity),
            ...(o.identifierHit !== undefined ? { identifierHit: o.identifierHit } : {}),
          }),
        ),
      );
    });
    return out;
  }
}
