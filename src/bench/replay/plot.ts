// A latency distribution plot per mode, as a self-contained SVG: the share of shown completions
// (y) that appeared within x ms of the keystroke, with time to first token beside it.
const W = 520;
const H = 300;
const M = { left: 52, right: 16, top: 30, bottom: 44 };

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
}

function steps(values: number[], px: (v: number) => number, py: (v: number) => number): string {
  const sorted = [...values].sort((a, b) => a - b);
  const points: string[] = [`${px(0)},${py(0)}`];
  sorted.forEach((v, i) => {
    points.push(`${px(v)},${py(i / sorted.length)}`, `${px(v)},${py((i + 1) / sorted.length)}`);
  });
  return points.join(" ");
}

export function latencySvg(mode: string, latencies: number[], firstTokens: number[], caption: string): string {
  const all = [...latencies, ...firstTokens];
  const xMax = Math.max(100, ...all) * 1.05;
  const px = (v: number) => M.left + (v / xMax) * (W - M.left - M.right);
  const py = (v: number) => M.top + (1 - v) * (H - M.top - M.bottom);
  const parts: string[] = [];
  parts.push(`<rect x="${M.left}" y="${M.top}" width="${W - M.left - M.right}" height="${H - M.top - M.bottom}" fill="none" stroke="#999"/>`);
  for (let k = 0; k <= 4; k++) {
    parts.push(`<text x="${px((xMax * k) / 4)}" y="${H - M.bottom + 14}" font-size="10" text-anchor="middle">${Math.round((xMax * k) / 4)}</text>`);
    parts.push(`<text x="${M.left - 4}" y="${py(k / 4) + 3}" font-size="10" text-anchor="end">${(k / 4).toFixed(2)}</text>`);
    parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${py(k / 4)}" y2="${py(k / 4)}" stroke="#eee"/>`);
  }
  if (latencies.length) parts.push(`<polyline fill="none" stroke="#d62728" stroke-width="1.8" points="${steps(latencies, px, py)}"/>`);
  if (firstTokens.length) parts.push(`<polyline fill="none" stroke="#1f77b4" stroke-width="1.2" stroke-dasharray="4 3" points="${steps(firstTokens, px, py)}"/>`);
  parts.push(`<text x="${M.left + 8}" y="${M.top + 14}" font-size="10" fill="#d62728">keystroke to ghost text (${latencies.length} shown)</text>`);
  parts.push(`<text x="${M.left + 8}" y="${M.top + 27}" font-size="10" fill="#1f77b4">request start to first token (${firstTokens.length})</text>`);
  parts.push(`<text x="${W / 2}" y="${H - 10}" font-size="11" text-anchor="middle">ms</text>`);
  parts.push(`<text x="14" y="${(M.top + H - M.bottom) / 2}" font-size="11" text-anchor="middle" transform="rotate(-90 14 ${(M.top + H - M.bottom) / 2})">share within x</text>`);
  parts.push(`<text x="${W / 2}" y="18" font-size="12" font-weight="bold" text-anchor="middle">Latency distribution, ${esc(mode)}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H + 20}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
${parts.join("\n")}
<text x="${W / 2}" y="${H + 12}" font-size="10" text-anchor="middle" fill="#555">${esc(caption)}</text>
</svg>
`;
}
