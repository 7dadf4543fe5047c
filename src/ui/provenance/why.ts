// Why a token went to the model that wrote it, when the figures alone do not say: the switch rule
// (src/engine/policy.ts) hands over to the large model above the threshold; a stability rule can keep
// either model writing on the other side of it (hysteresis hands back only below threshold -
// hysteresis; a minimum stay holds the model after a switch). The engine says which rule, if any,
// changed the decision (TokenEvent.heldBy): a rule is credited only then. Also the note for a rollback.
import type { TokenEvent } from "../../engine/types";

/** A short clause when a stability or first-position rule, not the threshold, chose the writer; undefined otherwise. */
export function heldBy({ heldBy: rule }: { heldBy?: TokenEvent["heldBy"] }): string | undefined {
  if (rule === "hysteresis") return "kept by hysteresis (the small model takes back over only below threshold - hysteresis)";
  if (rule === "minStay") return "kept by the minimum stay after a switch";
  if (rule === "firstPosition") return "the start of a completion is the large model's (ead.firstPosition)";
  return undefined;
}

/** The hover's note for a token that replaced one the large model rejected during a catch-up. */
export function replacedNote(replaced: { text: string; probability: number } | undefined): string | undefined {
  if (!replaced) return undefined;
  const p = replaced.probability < 0.001 ? replaced.probability.toExponential(1) : replaced.probability.toFixed(3);
  return `replaced ${JSON.stringify(replaced.text)}, which the large model rejected at catch-up (p ${p})`;
}
