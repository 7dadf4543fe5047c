// Scores a completion against a task's reference after the post-processing the editor applies.
import { distance } from "fastest-levenshtein";
import { postProcess, type PostProcessContext } from "../completion/postprocess";
import { startsWithIdentifier } from "./identifierHit";
import { isLineTask, type BenchTask } from "./tasks";

/** Following lines post-processing looks at, as the editor passes them. */
const FOLLOWING_LINES = 20;

export function contextForTask(task: BenchTask): PostProcessContext {
  const suffixLines = task.suffix.split("\n");
  return {
    linePrefix: task.prefix.slice(task.prefix.lastIndexOf("\n") + 1),
    lineSuffix: suffixLines[0],
    followingLines: suffixLines.slice(1, 1 + FOLLOWING_LINES),
    multiline: !isLineTask(task),
  };
}

export function editSimilarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 1 : 1 - distance(a, b) / longest;
}

export interface Score {
  shown: string;
  exact: boolean;
  similarity: number;
  /** Tasks that name an identifier: whether the shown text starts with it. */
  identifierHit?: boolean;
}

export function scoreCompletion(raw: string, task: BenchTask): Score {
  let shown = postProcess(raw, contextForTask(task));
  let reference = task.reference;
  if (isLineTask(task)) {
    shown = shown.split("\n")[0];
    reference = reference.split("\n")[0];
  }
  const a = shown.trimEnd();
  const b = reference.trimEnd();
  return {
    shown,
    exact: a === b,
    similarity: editSimilarity(a, b),
    ...(task.identifier !== undefined ? { identifierHit: startsWithIdentifier(shown, task.identifier) } : {}),
  };
}
