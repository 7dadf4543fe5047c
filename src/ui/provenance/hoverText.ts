// The hover on a coloured token, as markdown: one short line that says who wrote the token and why,
// with the figures the switch looked at. No table: a narrow hover squeezes table cells until words
// break in the middle. Pure (no vscode import).
import type { TokenInfo } from "./tracker";
import { heldBy, replacedNote } from "./why";

function bits(v: number): string {
  return Number.isFinite(v) ? v.toFixed(2) : String(v);
}

export function hoverText(info: Pick<TokenInfo, "model" | "entropy" | "rolling" | "threshold" | "replaced" | "heldBy">): string {
  const { model, entropy, rolling, threshold } = info;
  const relation = rolling > threshold ? "above" : "at or below";
  const extra = [heldBy(info), replacedNote(info.replaced)].filter(Boolean).map((s) => ` · ${s}`).join("");
  return (
    `$(sparkle) EAD · written by the **${model} model** · ` +
    `rolling mean ${bits(rolling)} ${relation} threshold ${bits(threshold)} · token entropy ${bits(entropy)} (bits)${extra}`
  );
}
