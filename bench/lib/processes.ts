import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";

/**
 * App nodes for benchmarks run in processes of their own, so the thousand client sockets of the
 * measuring process do not share an event loop with the servers they measure.
 */
export interface NodeProcess {
  url: string;
  stop(): Promise<void>;
}

const children = new Set<ChildProcess>();

/** Starts `script` with tsx and waits for its "ready <url>" line. */
export function startNodeProcess(script: string, env: Record<string, string>, timeoutMs = 60_000): Promise<NodeProcess> {
  const child = spawn(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), script], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.add(child);
  child.once("exit", () => children.delete(child));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${script} was not ready within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before it was ready`));
    });
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const match = /^ready (\S+)$/.exec(line);
      if (!match) return;
      clearTimeout(timer);
      resolve({ url: match[1]!, stop: () => stopChild(child) });
    });
  });
}

/** SIGTERM, then SIGKILL after `graceMs` if it has not exited by then. */
export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** Whatever is still running when the benchmark ends or fails. */
export async function stopAllNodeProcesses(): Promise<void> {
  await Promise.all([...children].map((child) => stopChild(child)));
}

process.once("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});
