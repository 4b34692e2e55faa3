import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

/**
 * Gleaner as a real process of its own (server.ts, the code `npm start` runs), for the tests that
 * must signal or kill it. Resolves once it prints the URL it serves.
 */
export interface ChildServer {
  url: string;
  child: ChildProcess;
  output: string[];
  /** Resolves with the exit code (or the signal's name) when the process ends. */
  exited: Promise<number | string>;
}

export function spawnServer(env: Record<string, string>, options: { command?: string[]; timeoutMs?: number } = {}): Promise<ChildServer> {
  const command = options.command ?? [process.execPath, "--import", "tsx", "server.ts"];
  const child = spawn(command[0]!, command.slice(1), {
    env: { ...process.env, LOG_LEVEL: "warn", PORT: "0", NODE_ENV: "test", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const exited = new Promise<number | string>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal ?? -1)));
  createInterface({ input: child.stderr! }).on("line", (line) => output.push(line));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`server did not start within ${(options.timeoutMs ?? 60_000) / 1000} s:\n${output.join("\n")}`));
    }, options.timeoutMs ?? 60_000);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before serving:\n${output.join("\n")}`));
    });
    createInterface({ input: child.stdout! }).on("line", (line) => {
      output.push(line);
      const match = /running at (http:\/\/\S+)/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1]!, child, output, exited });
      }
    });
  });
}

/** Runs a command to its end: its exit code and everything it printed. */
export function runToExit(command: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<{ code: number | string; output: string }> {
  const child = spawn(command[0]!, command.slice(1), { env: { ...process.env, LOG_LEVEL: "warn", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? signal ?? -1, output });
    });
  });
}

/** Processes whose command line mentions `needle` (e.g. a data directory): what a test must not leave behind. */
export async function processesMentioning(needle: string): Promise<number[]> {
  const { readdirSync, readFileSync } = await import("node:fs");
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ").includes(needle)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}
