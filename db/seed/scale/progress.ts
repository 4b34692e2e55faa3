/**
 * Progress of the load, one phase at a time, drawn with the tools' shared bar
 * (scripts/lib/progress.ts): a live line on a terminal, a plain line every few seconds in a log
 * (CI, `| tee`), so a long load never looks hung and a log stays short.
 */
import { progressBar, type Progress as Bar } from "../../../scripts/lib/progress";

export interface Progress {
  /** A new phase of `total` units (named by `unit`). */
  start(phase: string, total: number, unit: string): void;
  update(done: number, rows: number): void;
  finish(rows: number): void;
  /** A line between phases (it does not fight the bar). */
  log(line: string): void;
}

export function createProgress(options: { silent?: boolean; write?: (line: string) => void; stream?: NodeJS.WriteStream } = {}): Progress {
  if (options.silent) return { start() {}, update() {}, finish() {}, log() {} };
  const write = options.write ?? ((line: string) => process.stdout.write(line + "\n"));
  const stream = options.stream ?? process.stderr;
  let bar: Bar | undefined;
  const rowsNote = (rows: number) => `${rows.toLocaleString("en")} rows`;
  return {
    start(phase, total, unit) {
      bar = progressBar(`${phase} (${unit})`, total, stream);
      bar.update(0, total, rowsNote(0));
    },
    update(done, rows) {
      bar?.update(done, undefined, rowsNote(rows));
    },
    finish(rows) {
      bar?.finish(rowsNote(rows));
      bar = undefined;
    },
    log(line) {
      // A bar being redrawn on a terminal holds its line: end it before printing below it.
      if (bar && stream.isTTY) stream.write("\n");
      write(line);
    },
  };
}
