import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { stopChild } from "./processes";

/** Gleaner as `npm start` runs it (production mode, one process), on a database of the bench's. */
export interface AppProcess {
  url: string;
  pid: number;
  /** From spawning the process to its first 200 on /healthz. */
  firstResponseMs: number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts scripts/start.mjs exactly as package.json's `start` does (`node scripts/start.mjs`), so the
 * figures are the product's own: React's production build, the warm render pool, the job
 * workers. Rate limits are off: the load comes from one address at a rate no person reaches,
 * and a 429 would measure the limiter, not the page.
 */
export async function startApp(databaseUrl: string, extraEnv: Record<string, string> = {}): Promise<AppProcess> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), "gleaner-bench-app-"));
  const started = performance.now();
  const child = spawn(process.execPath, ["scripts/start.mjs"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      HOST: "127.0.0.1",
      PORT: String(port),
      DATA_DIR: dataDir,
      RATE_LIMITS: "off",
      LOG_LEVEL: "warn",
      ...extraEnv,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise<never>((_, reject) => child.once("exit", (code) => reject(new Error(`the app exited with ${code} before it answered`))));
  exited.catch(() => undefined);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (Date.now() > deadline) {
      await stopChild(child, 15_000);
      throw new Error("the app did not answer /healthz within 120 s");
    }
    const ok = await Promise.race([
      fetch(`${url}/healthz`).then((r) => r.status === 200, () => false),
      exited,
    ]);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const firstResponseMs = performance.now() - started;
  return {
    url,
    pid: child.pid!,
    firstResponseMs,
    stop: async () => {
      await stopChild(child, 15_000);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
