import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { seedDemoData } from "../../db/seed/demo";
import { loadConfig } from "../../app/lib/config.server";
import { createLogger } from "../../app/lib/logger.server";
import { createRateLimits } from "../../app/lib/rate-limits.server";
import { createSessionCookie } from "../../app/lib/session-cookie.server";
import { redisKeyFor, type AdapterConfig } from "../../app/realtime/cluster-adapter.server";
import type { RealtimeLimits } from "../../app/realtime/socket-limits";
import { createAppServer, type AppServer } from "../../app/server/app-server";
import type { AppContext } from "../../app/services/context";
import { createEventBus } from "../../app/services/events";
import { createDb } from "../../db/index";
import { registerWorkers } from "../../app/harvest/workers.server";
import { createTestDatabase, type TestDatabase } from "./db";
import { startTestJobs } from "./jobs";

export interface TestServer {
  baseUrl: string;
  app: AppContext;
  database: TestDatabase;
  server: AppServer;
  close(): Promise<void>;
}

let build: Promise<ServerBuild> | undefined;

/** The real Remix build (npm test builds it first), loaded once per test file. */
function loadBuild(): Promise<ServerBuild> {
  build ??= import(pathToFileURL(path.resolve("build/index.js")).href);
  return build;
}

export interface TestServerOptions {
  seed?: boolean;
  /**
   * Another server's database: this server is a second node of the same deployment (its own
   * pool, same data). Its close() leaves the database to the server that created it.
   */
  sharedDatabase?: TestDatabase;
  /** The Socket.IO adapter: in-memory unless a test is about clusters (as production picks in server.ts). */
  realtime?: "memory" | "postgres" | "redis";
  /** For `realtime: "redis"`; REDIS_URL otherwise. */
  redisUrl?: string;
  realtimeLimits?: Partial<RealtimeLimits>;
  /** Rate limits (login, posting, search…): off by default, on for the tests about them. */
  rateLimits?: boolean;
  /**
   * Background workers (harvest, housekeeping): off by default, so a test sees exactly the work
   * it starts; jobs are still enqueued for real. On for the tests about them.
   */
  workers?: boolean;
}

function adapterFor(options: TestServerOptions, databaseUrl: string): AdapterConfig {
  switch (options.realtime ?? "memory") {
    case "memory":
      return { kind: "memory" };
    // A short heartbeat lets two fresh nodes find each other (fetchSockets, presence) quickly.
    case "postgres":
      return { kind: "postgres", databaseUrl, heartbeatIntervalMs: 1_000 };
    case "redis": {
      const redisUrl = options.redisUrl ?? process.env.REDIS_URL;
      if (!redisUrl) throw new Error("realtime: \"redis\" needs REDIS_URL");
      // Keyed by the test database, so test files sharing one Redis never hear each other.
      return { kind: "redis", redisUrl, key: redisKeyFor(databaseUrl) };
    }
  }
}

/** A second pool on a database another server owns: dropping it is the owner's job. */
function attachTo(shared: TestDatabase): TestDatabase {
  const queries: string[] = [];
  const db = createDb(shared.url, { onQuery: (sql) => queries.push(sql), poolSize: 5 });
  return { db, url: shared.url, queries, drop: () => db.destroy() };
}

/**
 * The whole app (Remix, API, Socket.IO) on an ephemeral port over a database of its own,
 * seeded with the demo community unless told otherwise.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const database = options.sharedDatabase ? attachTo(options.sharedDatabase) : await createTestDatabase();
  if (options.seed !== false && !options.sharedDatabase) await seedDemoData(database.db);
  const config = loadConfig({
    NODE_ENV: "test",
    SESSION_SECRET: "test-secret-not-for-production",
    DATABASE_URL: database.url,
    LOG_LEVEL: process.env.LOG_LEVEL ?? "error",
    DATA_DIR: path.resolve("data/test"),
  });
  const logger = createLogger(config.logLevel);
  const app: AppContext = {
    db: database.db,
    config,
    logger,
    sessionCookie: createSessionCookie(config),
    events: createEventBus(),
    // Off unless a test is about them: most tests post far faster than any person would.
    limits: createRateLimits(database.url, { enabled: options.rateLimits ?? false }),
    jobs: await startTestJobs(database.url),
  };
  if (options.workers) await registerWorkers(app);
  const server = createAppServer(app, await loadBuild(), {
    realtime: { adapter: adapterFor(options, database.url), limits: options.realtimeLimits, identityDatabaseUrl: database.url },
  });
  const baseUrl = await server.listen(0, "127.0.0.1");
  return {
    baseUrl,
    app,
    database,
    server,
    close: async () => {
      await server.close();
      await app.jobs.stop({ graceMs: 2_000 });
      await app.limits.close();
      await database.drop();
    },
  };
}
