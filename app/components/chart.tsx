import { useTranslation } from "react-i18next";
import { useFormat } from "~/i18n/format";

/**
 * Charts in the page's language: figures through Intl (useFormat), and the words a chart adds
 * itself (its spoken summaries, "nothing yet") from the catalog (sales:chart). Titles, series
 * and bar labels come from the caller, already in the page's language (or community data).
 */

/** Long customer-written labels are cut for the drawing; the full text stays in the bar's title. */
const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text);

/** "11-22" under the first and last bar: numbers only, read the same in every language. */
const monthDay = (day: string) => day.slice(5);

/** The chart words and a number format, the caller's `format` first. */
function useChartText(format?: (value: number) => string) {
  const { t } = useTranslation("sales");
  const { number } = useFormat();
  const figure = format ?? ((value: number) => number(value));
  /** "label: value", for a bar's or a point's title. */
  const point = (label: string, value: string) => t("chart.point", { label, value });
  const list = (items: string[], separator: "list" | "bars") => items.join(t(separator === "list" ? "chart.listSeparator" : "chart.barSeparator"));
  return { t, figure, point, list };
}

/**
 * A word-sized line of a weekly series (an idea's interest in the board's table): no axes, the
 * exact values in its title and a spoken summary for screen readers.
 */
export function Sparkline({ label, points, format }: { label: string; points: { week: string; value: number }[]; format?: (value: number) => string }) {
  const { t, figure, point, list } = useChartText(format);
  const width = 96;
  const height = 24;
  const max = Math.max(1, ...points.map((p) => p.value));
  const x = (i: number) => (points.length < 2 ? width / 2 : 2 + (i * (width - 4)) / (points.length - 1));
  const y = (v: number) => height - 2 - ((height - 4) * v) / max;
  const total = points.reduce((sum, p) => sum + p.value, 0);
  const last = points[points.length - 1]?.value ?? 0;
  const summary = t("chart.sparkline", { label, total: figure(total), count: points.length, last: figure(last) });
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={summary}>
      <title>{t("chart.withValues", { summary, values: list(points.map((p) => point(p.week, figure(p.value))), "list") })}</title>
      <polyline points={points.map((p, i) => `${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(" ")} className="sparkline-line" />
      {points.length ? <circle cx={x(points.length - 1)} cy={y(last)} r={2} className="sparkline-dot" /> : null}
    </svg>
  );
}

/**
 * Labelled horizontal bars, largest first as given: for rankings (top ideas) and counts by
 * category (signals by kind). A picture (role img) whose aria-label reads out every bar; links
 * to what the bars stand for belong next to it, not inside it, where assistive technology
 * would not reach them. `empty` is what it says without bars ("nothing yet").
 */
export function HorizontalBarChart({
  title,
  bars,
  format,
  empty,
}: {
  title: string;
  bars: { label: string; value: number }[];
  format?: (value: number) => string;
  empty?: string;
}) {
  const { t, figure, point, list } = useChartText(format);
  const width = 360;
  const row = 22;
  const labelWidth = 150;
  const valueWidth = 52;
  const height = Math.max(1, bars.length) * row + 4;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const barSpace = width - labelWidth - valueWidth;
  const summary = bars.length ? list(bars.map((b) => t("chart.labelValue", { label: b.label, value: figure(b.value) })), "bars") : (empty ?? t("chart.nothingYet"));
  return (
    <figure className="chart chart-hbar">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={t("chart.titled", { title, summary })}>
        {bars.map((b, i) => {
          const top = 2 + i * row;
          return (
            <g key={i}>
              <title>{point(b.label, figure(b.value))}</title>
              <text x={labelWidth - 6} y={top + row / 2 + 4} textAnchor="end" className="chart-label">{cut(b.label, 22)}</text>
              <rect x={labelWidth} y={top + 3} width={Math.max(1, (barSpace * b.value) / max)} height={row - 6} className="chart-bar" />
              <text x={labelWidth + Math.max(1, (barSpace * b.value) / max) + 4} y={top + row / 2 + 4} className="chart-label">{figure(b.value)}</text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/**
 * A small dependency-free SVG bar chart for daily series: readable axis labels, a title for
 * each bar (hover shows the exact value), and a text summary for screen readers. `unit` follows
 * each figure as given (" h"), so it comes from the caller in the page's language.
 */
export function DailyBarChart({
  title,
  points,
  unit = "",
  per = "day",
  format,
  formatDay = monthDay,
}: {
  title: string;
  points: { day: string; value: number }[];
  unit?: string;
  per?: "day" | "week";
  format?: (value: number) => string;
  formatDay?: (day: string) => string;
}) {
  const { t, figure, point } = useChartText(format);
  // A small coordinate space, so the 11-unit labels stay legible when the chart is drawn narrow.
  const width = 360;
  const height = 150;
  const pad = { top: 10, right: 6, bottom: 22, left: 30 };
  const max = Math.max(1, ...points.map((p) => p.value));
  const step = (width - pad.left - pad.right) / Math.max(1, points.length);
  const y = (v: number) => pad.top + (height - pad.top - pad.bottom) * (1 - v / max);
  const total = points.reduce((sum, p) => sum + p.value, 0);
  const ticks = [0, Math.round(max / 2), max].filter((v, i, all) => all.indexOf(v) === i);
  const summary = t(per === "week" ? "chart.perWeek" : "chart.perDay", { title, total: `${figure(total)}${unit}`, count: points.length, max: `${figure(max)}${unit}` });
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={summary}>
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={pad.left} x2={width - pad.right} y1={y(tick)} y2={y(tick)} className="chart-grid" />
            <text x={pad.left - 6} y={y(tick) + 4} textAnchor="end" className="chart-label">{figure(tick)}</text>
          </g>
        ))}
        {points.map((p, i) => (
          <rect key={p.day} x={pad.left + i * step + 1} y={y(p.value)} width={Math.max(1, step - 2)} height={height - pad.bottom - y(p.value)} className="chart-bar">
            <title>{point(p.day, `${figure(p.value)}${unit}`)}</title>
          </rect>
        ))}
        {points.length > 0 ? (
          <>
            <text x={pad.left} y={height - 6} className="chart-label">{formatDay(points[0]!.day)}</text>
            <text x={width - pad.right} y={height - 6} textAnchor="end" className="chart-label">{formatDay(points[points.length - 1]!.day)}</text>
          </>
        ) : null}
      </svg>
    </figure>
  );
}

/**
 * Two or more daily series stacked in one bar per day (e.g. helpful and unhelpful votes), with
 * a legend; each segment's title gives its exact value. Series labels come from the caller.
 */
export function DailyStackedBarChart({
  title,
  series,
  format,
  formatDay = monthDay,
}: {
  title: string;
  series: { label: string; points: { day: string; value: number }[] }[];
  format?: (value: number) => string;
  formatDay?: (day: string) => string;
}) {
  const { t, figure, list } = useChartText(format);
  const width = 360;
  const height = 150;
  const pad = { top: 10, right: 6, bottom: 22, left: 30 };
  const days = series[0]?.points.map((p) => p.day) ?? [];
  const totals = days.map((_, i) => series.reduce((sum, s) => sum + (s.points[i]?.value ?? 0), 0));
  const max = Math.max(1, ...totals);
  const step = (width - pad.left - pad.right) / Math.max(1, days.length);
  const y = (v: number) => pad.top + (height - pad.top - pad.bottom) * (1 - v / max);
  const ticks = [0, Math.round(max / 2), max].filter((v, i, all) => all.indexOf(v) === i);
  const summary = list(series.map((s) => t("chart.labelValue", { label: s.label, value: figure(s.points.reduce((sum, p) => sum + p.value, 0)) })), "list");
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={t("chart.stacked", { title, count: days.length, summary })}>
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={pad.left} x2={width - pad.right} y1={y(tick)} y2={y(tick)} className="chart-grid" />
            <text x={pad.left - 6} y={y(tick) + 4} textAnchor="end" className="chart-label">{figure(tick)}</text>
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
                    <title>{t("chart.segment", { day, value: figure(value), label: s.label })}</title>
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
            <text x={pad.left} y={height - 6} className="chart-label">{formatDay(days[0]!)}</text>
            <text x={width - pad.right} y={height - 6} textAnchor="end" className="chart-label">{formatDay(days[days.length - 1]!)}</text>
          </>
        ) : null}
      </svg>
      <ul className="chart-legend" aria-hidden="true">
        {series.map((s, k) => <li key={s.label}><span className={`chart-swatch chart-series-${k}`} /> {s.label}</li>)}
      </ul>
    </figure>
  );
}
