/**
 * A horizontal bar chart of p50 and p99 latency per scenario, as a standalone SVG the report
 * embeds: readable on GitHub and in any browser, no charting library. The axis is logarithmic
 * because a search and a static-sized JSON answer differ by orders of magnitude.
 */
export function latencyChart(rows: { label: string; p50: number; p99: number }[]): string {
  const rowHeight = 34;
  const labelWidth = 330;
  const plotWidth = 520;
  const top = 40;
  const height = top + rows.length * rowHeight + 40;
  const width = labelWidth + plotWidth + 40;
  const max = Math.max(1, ...rows.map((r) => r.p99).filter(Number.isFinite));
  const decades = Math.ceil(Math.log10(max * 1.1)) + 1; // from 0.1 ms
  const x = (value: number) => labelWidth + (Math.max(0, Math.log10(Math.max(value, 0.1)) + 1) / decades) * plotWidth;
  const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const ticks = Array.from({ length: decades + 1 }, (_, i) => 10 ** (i - 1));
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${labelWidth}" y="20" font-weight="600">Latency per scenario (ms, log scale): p50 dark, p99 light</text>`,
    ...ticks.map((t) => `<line x1="${x(t)}" y1="${top - 6}" x2="${x(t)}" y2="${height - 34}" stroke="#ddd"/><text x="${x(t)}" y="${height - 18}" text-anchor="middle" fill="#555">${t < 1 ? t.toFixed(1) : t.toLocaleString("en")}</text>`),
    ...rows.flatMap((r, i) => {
      const y = top + i * rowHeight;
      return [
        `<text x="${labelWidth - 8}" y="${y + 18}" text-anchor="end">${escape(r.label)}</text>`,
        `<rect x="${labelWidth}" y="${y + 4}" width="${Math.max(1, x(r.p99) - labelWidth)}" height="22" fill="#9ecae1"><title>p99 ${r.p99.toFixed(1)} ms</title></rect>`,
        `<rect x="${labelWidth}" y="${y + 9}" width="${Math.max(1, x(r.p50) - labelWidth)}" height="12" fill="#08519c"><title>p50 ${r.p50.toFixed(1)} ms</title></rect>`,
        `<text x="${x(r.p99) + 4}" y="${y + 18}" fill="#333">${r.p50.toFixed(1)} / ${r.p99.toFixed(1)}</text>`,
      ];
    }),
    `</svg>`,
  ];
  return `${parts.join("\n")}\n`;
}
