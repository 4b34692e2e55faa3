/**
 * One app node for bench/fanout.ts, in a process of its own: the real app server (Remix, API,
 * Socket.IO with the chosen adapter) on DATABASE_URL and an ephemeral loopback port. Prints
 * "ready <url>" once it serves and sees the EXPECTED_NODES nodes of its cluster; stops on SIGTERM.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { loadConfig } from "../app/lib/config.server";
import { createLogger } from "../app/lib/logger.server";
import { createRateLimits } from "../app/lib/rate-limits.server";
import { createSessionCookie } from "../app/lib/session-cookie.server";
import { redisKeyFor, type AdapterConfig } from "../app/realtime/cluster-adapter.server";
import { startJobQueue } from "../app/jobs/job-queue.server";
import { createAppServer } from "../app/server/app-server";
import type { AppContext } from "../app/services/context";
import { createEventBus } from "../app/services/events";
import { createDb } from "../db/index";

const databaseUrl = process.env.DATABASE_URL!;
const adapterKind = process.env.BENCH_ADAPTER ?? "postgres";
const expectedNodes = Number(process.env.EXPECTED_NODES ?? "1");
const dataDir = mkdtempSync(path.join(tmpdir(), "gleaner-bench-node-"));

const config = loadConfig({ NODE_ENV: "test", SESSION_SECRET: "bench-secret-not-for-production", DATABASE_URL: databaseUrl, LOG_LEVEL: "warn", DATA_DIR: dataDir });
const db = createDb(databaseUrl, { poolSize: 10 });
const app: AppContext = {
  db,
  config,
  logger: createLogger(config.logLevel),
  sessionCookie: createSessionCookie(config),
  events: createEventBus(),
  // The benchmark posts faster than a person; it measures fan-out, not the write limits.
  limits: createRateLimits(databaseUrl, { enabled: false }),
  // Enqueues like production; the fan-out benchmark runs no background workers.
  jobs: await startJobQueue({ databaseUrl, logger: createLogger(config.logLevel) }),
};
const adapter: AdapterConfig =
  adapterKind === "redis"
    ? { kind: "redis", redisUrl: process.env.REDIS_URL!, key: `${redisKeyFor(databaseUrl)}-bench` }
    : adapterKind === "memory"
      ? { kind: "memory" }
      : { kind: "postgres", databaseUrl, heartbeatIntervalMs: 1_000 };
const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
const server = createAppServer(app, build, { realtime: { adapter } });
const url = await server.listen(0, "127.0.0.1");

const deadline = Date.now() + 30_000;
while ((await server.io.of("/").adapter.serverCount()) < expectedNodes) {
  if (Date.now() > deadline) throw new Error(`only ${await server.io.of("/").adapter.serverCount()} of ${expectedNodes} nodes found`);
  await new Promise((r) => setTimeout(r, 100));
}
console.log(`ready ${url}`);

process.once("SIGTERM", async () => {
  await server.close();
  await app.jobs.stop();
  await db.destroy();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
});
