// The Pareto plot as a self-contained SVG: quality against large-model share and against wall-clock,
// one point per EAD threshold, with small-only, large-only and speculative marked.
import type { ModeResult } from "./quality";

const W = 420;
const H = 300;
const M = { left: 56, right: 16, top: 30, bottom: 44 };
const COLORS = { ead: "#1f77b4", small: "#2ca02c", large: "#d62728", speculative: "#9467bd" };
/** One colour per EAD family (stability rule, budget or fixed threshold, rollback, first position, context). */
const PALETTE = ["#1f77b4", "#17becf", "#ff7f0e", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#2ca02c", "#9467bd", "#d62728"];

function family(r: ModeResult): string {
  const parts = [r.stability ?? "none", r.target != null ? "budget" : "threshold"];
  if (r.rollbackBound) parts.push(`rollback ${r.rollbackBound}`);
  if (r.firstPosition) parts.push(`first ${r.firstPosition}`);
  if (r.context === "without") parts.push("no context");
  return parts.join(", ");
}

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
}

function panel(results: ModeResult[], x: (r: ModeResult) => number, xLabel: string, title: string, offsetX: number): string {
  const ys = results.map((r) => r.editSimilarity);
  const xs = results.map(x);
  const pad = (lo: number, hi: number) => (hi - lo < 1e-9 ? [lo - 0.05, hi + 0.05] : [lo - (hi - lo) * 0.08, hi + (hi - lo) * 0.08]);
  const [x0, x1] = pad(Math.min(...xs), Math.max(...xs));
  const [y0, y1] = pad(Math.min(...ys), Math.max(...ys));
  const px = (v: number) => offsetX + M.left + ((v - x0) / (x1 - x0)) * (W - M.left - M.right);
  const py = (v: number) => M.top + (1 - (v - y0) / (y1 - y0)) * (H - M.top - M.bottom);
  const parts: string[] = [];
  parts.push(`<rect x="${offsetX + M.left}" y="${M.top}" width="${W - M.left - M.right}" height="${H - M.top - M.bottom}" fill="none" stroke="#999"/>`);
  for (let k = 0; k <= 4; k++) {
    const xv = x0 + ((x1 - x0) * k) / 4;
    const yv = y0 + ((y1 - y0) * k) / 4;
    parts.push(`<text x="${px(xv)}" y="${H - M.bottom + 14}" font-size="10" text-anchor="middle">${xv.toFixed(xLabel.includes("ms") ? 0 : 2)}</text>`);
    parts.push(`<text x="${offsetX + M.left - 4}" y="${py(yv) + 3}" font-size="10" text-anchor="end">${yv.toFixed(3)}</text>`);
  }
  parts.push(`<text x="${offsetX + W / 2}" y="${H - 8}" font-size="11" text-anchor="middle">${esc(xLabel)}</text>`);
  parts.push(`<text x="${offsetX + 14}" y="${(M.top + H - M.bottom) / 2}" font-size="11" text-anchor="middle" transform="rotate(-90 ${offsetX + 14} ${(M.top + H - M.bottom) / 2})">edit similarity</text>`);
  parts.push(`<text x="${offsetX + W / 2}" y="18" font-size="12" font-weight="bold" text-anchor="middle">${esc(title)}</text>`);
  const rules = [...new Set(results.filter((r) => r.mode === "ead").map(family))];
  const colorOf = (r: ModeResult) => PALETTE[rules.indexOf(family(r)) % PALETTE.length];
  rules.forEach((rule, k) => {
    const ead = results.filter((r) => r.mode === "ead" && family(r) === rule).sort((a, b) => x(a) - x(b));
    const color = PALETTE[k % PALETTE.length];
    if (ead.length > 1) parts.push(`<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${ead.map((r) => `${px(x(r))},${py(r.editSimilarity)}`).join(" ")}"/>`);
    parts.push(`<text x="${offsetX + M.left + 6}" y="${M.top + 12 + 12 * k}" font-size="10" fill="${color}">EAD, ${esc(rule)}</text>`);
  });
  for (const r of results) {
    const cx = px(x(r));
    const cy = py(r.editSimilarity);
    const color = r.mode === "ead" ? colorOf(r) : COLORS[r.mode];
    if (r.mode === "ead") {
      parts.push(`<circle cx="${cx}" cy="${cy}" r="3.5" fill="${color}"/>`);
      parts.push(`<text x="${cx + 5}" y="${cy - 5}" font-size="9" fill="${color}">${r.target != null ? `${Math.round(r.target * 100)}%` : r.threshold}</text>`);
    } else {
      parts.push(`<rect x="${cx - 5}" y="${cy - 5}" width="10" height="10" fill="${color}"/>`);
      // Labels near the right edge go to the left of their point; speculative sits above, large below.
      const nearRight = cx > offsetX + W - M.right - 90;
      const dy = r.mode === "speculative" ? -9 : 14;
      parts.push(`<text x="${nearRight ? cx - 7 : cx + 7}" y="${cy + dy}" font-size="10" fill="${color}" text-anchor="${nearRight ? "end" : "start"}">${r.mode}</text>`);
    }
  }
  return parts.join("\n");
}

export function paretoSvg(results: ModeResult[], caption: string): string {
  const body = [
    panel(results, (r) => (r.mode === "speculative" ? 1 : r.largeShare), "large-model token share", "Quality vs large share", 0),
    panel(results, (r) => r.msPerTask.mean, "ms per task (mean)", "Quality vs wall-clock", W),
  ].join("\n");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * W}" height="${H + 20}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
${body}
<text x="${W}" y="${H + 14}" font-size="10" text-anchor="middle" fill="#555">${esc(caption)} (circles: EAD thresholds in bits, or budget targets in %; squares: single-model and speculative baselines)</text>
</svg>
`;
}
