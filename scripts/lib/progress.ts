/**
 * A progress bar for the command-line tools (backup, restore, harvest, seed, reindex). On a
 * terminal it redraws one line; in a log (CI, a pipe) it prints a plain line every few seconds
 * and at the end, so long work is visibly alive either way.
 */
export interface Progress {
  /** Sets how far along the work is; `total` may grow as more work is discovered. */
  update(done: number, total?: number, note?: string): void;
  /** Ends the bar and prints the final line. */
  finish(note?: string): void;
}

const WIDTH = 28;
const LOG_EVERY_MS = 3_000;

export function progressBar(label: string, initialTotal = 0, stream: NodeJS.WriteStream = process.stderr): Progress {
  const started = Date.now();
  const tty = stream.isTTY === true;
  let done = 0;
  let total = initialTotal;
  let note = "";
  let lastLog = 0;
  let lastDraw = 0;

  const line = () => {
    const fraction = total > 0 ? Math.min(1, done / total) : 0;
    const filled = Math.round(fraction * WIDTH);
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const eta = rate > 0 && total > done ? ` · ${Math.ceil((total - done) / rate)} s left` : "";
    const counts = total > 0 ? `${done.toLocaleString("en")}/${total.toLocaleString("en")}` : done.toLocaleString("en");
    return `${label} [${"█".repeat(filled)}${"░".repeat(WIDTH - filled)}] ${Math.round(fraction * 100)
      .toString()
      .padStart(3)}% ${counts} · ${seconds.toFixed(1)} s${eta}${note ? ` · ${note}` : ""}`;
  };

  return {
    update(nextDone, nextTotal, nextNote) {
      done = nextDone;
      if (nextTotal !== undefined) total = nextTotal;
      if (nextNote !== undefined) note = nextNote;
      const now = Date.now();
      if (tty) {
        if (now - lastDraw < 80) return;
        lastDraw = now;
        stream.write(`\r${line()}\x1b[K`);
      } else if (now - lastLog >= LOG_EVERY_MS) {
        lastLog = now;
        stream.write(line() + "\n");
      }
    },
    finish(finalNote) {
      if (finalNote !== undefined) note = finalNote;
      if (total > 0) done = Math.max(done, total);
      stream.write(tty ? `\r${line()}\x1b[K\n` : line() + "\n");
    },
  };
}
