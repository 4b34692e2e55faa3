import type { LogLevel } from "./config.server";

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(msg: string, data?: Record<string, unknown>): void;
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
  child(scope: string): Logger;
}

/** One line per event: readable in a terminal, greppable in a log file. */
export function createLogger(level: LogLevel = "info", scope = "gleaner"): Logger {
  const threshold = ORDER[level];
  const write = (at: Exclude<LogLevel, "silent">, msg: string, data?: Record<string, unknown>) => {
    if (ORDER[at] < threshold) return;
    const extra = data && Object.keys(data).length > 0 ? " " + JSON.stringify(data, errorReplacer) : "";
    const line = `${new Date().toISOString()} ${at.toUpperCase().padEnd(5)} [${scope}] ${msg}${extra}`;
    (at === "error" || at === "warn" ? process.stderr : process.stdout).write(line + "\n");
  };
  return {
    debug: (m, d) => write("debug", m, d),
    info: (m, d) => write("info", m, d),
    warn: (m, d) => write("warn", m, d),
    error: (m, d) => write("error", m, d),
    child: (childScope) => createLogger(level, `${scope}:${childScope}`),
  };
}

function errorReplacer(_key: string, value: unknown) {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}
