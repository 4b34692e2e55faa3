import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const REPORT = path.resolve("bench/report.md");

/**
 * bench/report.md is written by several tools (npm run bench, the soak run, the detector and
 * search evaluations), each owning sections between `<!-- id:start -->` and `<!-- id:end -->`
 * markers. A tool replaces its own sections and leaves everyone else's as they are.
 */
export function writeReportSection(id: string, markdown: string): void {
  const start = `<!-- ${id}:start -->`;
  const end = `<!-- ${id}:end -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const report = existsSync(REPORT) ? readFileSync(REPORT, "utf8") : "# Gleaner benchmarks\n";
  const at = report.indexOf(start);
  const until = report.indexOf(end);
  const next = at >= 0 && until > at ? report.slice(0, at) + block + report.slice(until + end.length) : `${report.trimEnd()}\n\n${block}\n`;
  writeFileSync(REPORT, next);
}

const RESULTS = path.resolve("bench/results.json");

/** bench/results.json: the figures behind the report, one key per benchmark, for tools that compare runs. */
export function writeResults(id: string, figures: unknown): void {
  const all = existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, "utf8")) as Record<string, unknown>) : {};
  all[id] = { measuredAt: new Date().toISOString(), ...(figures as Record<string, unknown>) };
  writeFileSync(RESULTS, `${JSON.stringify(all, null, 2)}\n`);
}
