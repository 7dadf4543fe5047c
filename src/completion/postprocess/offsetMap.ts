// Where each character of a stage's output came from in its input, so that the shown text can be
// traced back to the engine's raw text and its tokens (provenance colours). A map holds, for every
// output character, the index of the input character it is, or -1 for a character the stage added
// (a closing bracket, a newline before it, indentation).
import type { Stage } from "./context";

/** shown index -> raw index; -1 where no model wrote the character. */
export type OffsetMap = number[];

/** How a stage turns its input into its output; the stages are all of one of these shapes. */
export type StageEdit =
  /** "\r\n" becomes "\n" and a lone "\r" becomes "\n". */
  | "newlines"
  /** The output is the input with characters removed from its start. */
  | "dropsHead"
  /** The output keeps a start of the input, possibly followed by characters of its own. */
  | "keepsHead";

export function identityMap(length: number): OffsetMap {
  return Array.from({ length }, (_, i) => i);
}

/** The map of one stage from its input and output. */
export function stageMap(edit: StageEdit, input: string, output: string): OffsetMap {
  if (edit === "newlines") {
    const map: OffsetMap = [];
    for (let i = 0; i < input.length; i++) if (!(input[i] === "\r" && input[i + 1] === "\n")) map.push(i);
    return map.length === output.length ? map : keepsHead(input, output);
  }
  if (edit === "dropsHead" && input.endsWith(output)) {
    const from = input.length - output.length;
    return Array.from({ length: output.length }, (_, i) => from + i);
  }
  return keepsHead(input, output);
}

/** The longest common start is the input's; everything after it was added by the stage. */
function keepsHead(input: string, output: string): OffsetMap {
  let common = 0;
  const max = Math.min(input.length, output.length);
  while (common < max && input[common] === output[common]) common++;
  return Array.from({ length: output.length }, (_, i) => (i < common ? i : -1));
}

/** `outer` maps into the text `inner` maps from: the result maps `outer`'s text to `inner`'s source. */
export function composeMaps(outer: OffsetMap, inner: OffsetMap): OffsetMap {
  return outer.map((i) => (i < 0 ? -1 : (inner[i] ?? -1)));
}

/** A stage with the shape of its edit, for the offset map. */
export interface MappedStage {
  name: string;
  run: Stage;
  edit: StageEdit;
}
