/** Long customer-written labels are cut for the drawing; the full text stays in the bar's title. */
const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text);

/**
 * A word-sized line of a weekly series (an idea's interest in the board's table): no axes, the
 * exact values in its title and a spoken summary for screen readers.
 */
export function Sparkline({ label, points }: { label: string; points: { week: string; value: number }[] }) {
  const width = 96;
  const height = 24;
  const max = Math.max(1, ...points.map((p) => p.value));
  const x = (i: number) => (points.length < 2 ? width / 2 : 2 + (i * (width - 4)) / (points.length - 1));
  const y = (v: number) => height - 2 - ((height - 4) * v) / max;
  const total = points.reduce((sum, p) => sum + p.value, 0);
  const last = points[points.length - 1]?.value ?? 0;
  const summary = `${label}: ${total} over ${points.length} weeks, ${last} this week`;
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={summary}>
      <title>{`${summary}. ${points.map((p) => `${p.week}: ${p.value}`).join(", ")}`}</title>
      <polyline points={points.map((p, i) => `${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(" ")} className="sparkline-line" />
      {points.length ? <circle cx={x(points.length - 1)} cy={y(last)} r={2} className="sparkline-dot" /> : null}
    </svg>
  );
}

/**
 * Labelled horizontal bars, largest first as given: for rankings (top ideas) and counts by
 * category (signals by kind). A picture (role img) whose aria-label reads out every bar; links
 * to what the bars stand for belong next to it, not inside it, where assistive technology
 * would not reach them.
 */
export function HorizontalBarChart({
  title,
  bars,
  format = (v) => v.toLocaleString("en"),
}: {
  title: string;
  bars: { label: string; value: number }[];
  format?: (value: number) => string;
}) {
  const width = 360;
  const row = 22;
  const labelWidth = 150;
  const valueWidth = 52;
  const height = Math.max(1, bars.length) * row + 4;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const barSpace = width - labelWidth - valueWidth;
  const summary = bars.length ? bars.map((b) => `${b.label} ${format(b.value)}`).join("; ") : "nothing yet";
  return (
    <figure className="chart chart-hbar">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${title}: ${summary}`}>
        {bars.map((b, i) => {
          const top = 2 + i * row;
          return (
            <g key={i}>
              <title>{`${b.label}: ${format(b.value)}`}</title>
              <text x={labelWidth - 6} y={top + row / 2 + 4} textAnchor="end" className="chart-label">{cut(b.label, 22)}</text>
              <rect x={labelWidth} y={top + 3} width={Math.max(1, (barSpace * b.value) / max)} height={row - 6} className="chart-bar" />
              <text x={labelWidth + Math.max(1, (barSpace * b.value) / max) + 4} y={top + row / 2 + 4} className="chart-label">{format(b.value)}</text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/**
 * A small dependency-free SVG bar chart for daily series: readable axis labels, a title for
 * each bar (hover shows the exact value), and a text summary for screen readers.
 */
export function DailyBarChart({ title, points, unit = "", per = "day" }: { title: string; points: { day: string; value: number }[]; unit?: string; per?: "day" | "week" }) {
  // A small coordinate space, so the 11-unit labels stay legible when the chart is drawn narrow.
  const width = 360;
  const height = 150;
  const pad = { top: 10, right: 6, bottom: 22, left: 30 };
  const max = Math.max(1, ...points.map((p) => p.value));
  const step = (width - pad.left - pad.right) / Math.max(1, points.length);
  const y = (v: number) => pad.top + (height - pad.top - pad.bottom) * (1 - v / max);
  const total = points.reduce((sum, p) => sum + p.value, 0);
  const ticks = [0, Math.round(max / 2), max].filter((v, i, all) => all.indexOf(v) === i);
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${title}: ${total}${unit} over ${points.length} ${per}s, at most ${max}${unit} a ${per}`}>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={pad.left} x2={width - pad.right} y1={y(t)} y2={y(t)} className="chart-grid" />
            <text x={pad.left - 6} y={y(t) + 4} textAnchor="end" className="chart-label">{t}</text>
          </g>
        ))}
        {points.map((p, i) => (
          <rect key={p.day} x={pad.left + i * step + 1} y={y(p.value)} width={Math.max(1, step - 2)} height={height - pad.bottom - y(p.value)} className="chart-bar">
            <title>{`${p.day}: ${p.value}${unit}`}</title>
          </rect>
        ))}
        {points.length > 0 ? (
          <>
            <text x={pad.left} y={height - 6} className="chart-label">{points[0]!.day.slice(5)}</text>
            <text x={width - pad.right} y={height - 6} textAnchor="end" className="chart-label">{points[points.length - 1]!.day.slice(5)}</text>
          </>
        ) : null}
      </svg>
    </figure>
  );
}

/**
 * Two or more daily series stacked in one bar per day (e.g. helpful and unhelpful votes), with
 * a legend; each segment's title gives its exact value.
 */
export function DailyStackedBarChart({ title, series }: { title: string; series: { label: string; points: { day: string; value: number }[] }[] }) {
  const width = 360;
  const height = 150;
  const pad = { top: 10, right: 6, bottom: 22, left: 30 };
  const days = series[0]?.points.map((p) => p.day) ?? [];
  const totals = days.map((_, i) => series.reduce((sum, s) => sum + (s.points[i]?.value ?? 0), 0));
  const max = Math.max(1, ...totals);
  const step = (width - pad.left - pad.right) / Math.max(1, days.length);
  const y = (v: number) => pad.top + (height - pad.top - pad.bottom) * (1 - v / max);
  const ticks = [0, Math.round(max / 2), max].filter((v, i, all) => all.indexOf(v) === i);
  const summary = series.map((s) => `${s.label} ${s.points.reduce((sum, p) => sum + p.value, 0)}`).join(", ");
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${title} over ${days.length} days: ${summary}`}>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={pad.left} x2={width - pad.right} y1={y(t)} y2={y(t)} className="chart-grid" />
            <text x={pad.left - 6} y={y(t) + 4} textAnchor="end" className="chart-label">{t}</text>
          </g>
        ))}
        {days.map((day, i) => {
          let base = 0;
          return (
            <g key={day}>
              {series.map((s, k) => {
                const value = s.points[i]?.value ?? 0;
                const top = base + value;
                const rect = value > 0 ? (
                  <rect key={s.label} x={pad.left + i * step + 1} y={y(top)} width={Math.max(1, step - 2)} height={y(base) - y(top)} className={`chart-bar chart-series-${k}`}>
                    <title>{`${day}: ${value} ${s.label}`}</title>
                  </rect>
                ) : null;
                base = top;
                return rect;
              })}
            </g>
          );
        })}
        {days.length > 0 ? (
          <>
            <text x={pad.left} y={height - 6} className="chart-label">{days[0]!.slice(5)}</text>
            <text x={width - pad.right} y={height - 6} textAnchor="end" className="chart-label">{days[days.length - 1]!.slice(5)}</text>
          </>
        ) : null}
      </svg>
      <ul className="chart-legend" aria-hidden="true">
        {series.map((s, k) => <li key={s.label}><span className={`chart-swatch chart-series-${k}`} /> {s.label}</li>)}
      </ul>
    </figure>
  );
}
