/**
 * Progress of the load: a live bar (cli-progress) on a terminal, and a plain line every few
 * seconds otherwise (CI logs, `| tee`), so a long load never looks hung and a log stays short.
 */
import cliProgress from "cli-progress";

export interface Progress {
  /** A new phase of `total` units (named by `unit`). */
  start(phase: string, total: number, unit: string): void;
  update(done: number, rows: number): void;
  finish(rows: number): void;
  /** A line between phases (it does not fight the bar). */
  log(line: string): void;
}

const LINE_EVERY_MS = 5000;

export function createProgress(options: { tty: boolean; write?: (line: string) => void; silent?: boolean }): Progress {
  const write = options.write ?? ((line: string) => process.stdout.write(line + "\n"));
  if (options.silent) return { start() {}, update() {}, finish() {}, log() {} };
  if (options.tty) {
    let bar: cliProgress.SingleBar | undefined;
    return {
      start(phase, total, unit) {
        bar = new cliProgress.SingleBar(
          {
            format: `${phase.padEnd(16)} {bar} {percentage}% | {value}/{total} ${unit} | {rows} rows | ETA {eta_formatted}`,
            hideCursor: true,
            clearOnComplete: false,
            etaBuffer: 50,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0, { rows: 0 });
      },
      update(done, rows) {
        bar?.update(done, { rows: rows.toLocaleString("en") });
      },
      finish(rows) {
        bar?.update(bar.getTotal(), { rows: rows.toLocaleString("en") });
        bar?.stop();
        bar = undefined;
      },
      log(line) {
        write(line);
      },
    };
  }
  let phase = "";
  let unitName = "";
  let total = 0;
  let started = 0;
  let lastLine = 0;
  return {
    start(name, t, unit) {
      phase = name;
      unitName = unit;
      total = t;
      started = lastLine = performance.now();
    },
    update(done, rows) {
      const now = performance.now();
      if (now - lastLine < LINE_EVERY_MS) return;
      lastLine = now;
      const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
      const eta = done > 0 ? ((now - started) / done) * (total - done) / 1000 : 0;
      write(`${phase}: ${pct}% (${done.toLocaleString("en")}/${total.toLocaleString("en")} ${unitName}, ${rows.toLocaleString("en")} rows, about ${Math.ceil(eta)} s left)`);
    },
    finish(rows) {
      write(`${phase}: done, ${rows.toLocaleString("en")} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    },
    log(line) {
      write(line);
    },
  };
}
