/**
 * Composition root: config → database (embedded unless DATABASE_URL) → migrations → render
 * workers → job queue → demo seed on an empty database → background workers → one HTTP server
 * for Remix, the API and Socket.IO.
 */
import { watch } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { broadcastDevReady, type ServerBuild } from "@remix-run/node";
import { openDatabase, type OpenedDatabase } from "./db/index";
import { migrateToLatest } from "./db/migrate";
import { DEMO_PASSWORD, DEMO_USERS, isEmpty, seedDemoData } from "./db/seed/demo";
import { seedDemoContent } from "./db/seed/demo-content";
import { loadConfig } from "./app/lib/config.server";
import { createLogger } from "./app/lib/logger.server";
import { createRateLimits } from "./app/lib/rate-limits.server";
import { createSessionCookie } from "./app/lib/session-cookie.server";
import { adapterConfigFor } from "./app/realtime/cluster-adapter.server";
import { registerWorkers } from "./app/harvest/workers.server";
import { startJobQueue } from "./app/jobs/job-queue.server";
import { closeMarkdownWorkers, warmMarkdownWorkers } from "./app/lib/markdown/render.server";
import { isStartupError } from "./app/lib/startup-error";
import { createAppServer, type AppServer } from "./app/server/app-server";
import { Lifecycle, StartupAborted } from "./app/server/lifecycle";
import { assertPortFree, portError } from "./app/server/port-check";
import type { AppContext } from "./app/services/context";
import { createEventBus } from "./app/services/events";
import { ensureLexicons } from "./app/lib/text/lexicon";

const BUILD_PATH = path.resolve("build/index.js");

async function importBuild(): Promise<ServerBuild> {
  // The query string defeats the module cache so a rebuilt bundle is really reloaded.
  return import(`${pathToFileURL(BUILD_PATH).href}?t=${Date.now()}`);
}

/** Under `remix dev --manual`, reload the build after each rebuild while sockets stay up. */
async function devBuild(): Promise<() => Promise<ServerBuild>> {
  let current = await importBuild();
  await broadcastDevReady(current);
  let timer: NodeJS.Timeout | undefined;
  watch(path.dirname(BUILD_PATH), () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      current = await importBuild();
      await broadcastDevReady(current);
    }, 100);
  });
  return async () => current;
}

export interface RunningGleaner {
  url: string;
  server: AppServer;
  database: OpenedDatabase;
  app: AppContext;
  /** Graceful stop: finishes requests in flight (bounded), then stops every part, newest first. */
  stop(): Promise<void>;
}

/**
 * Starts every part in order and registers each with the lifecycle as it comes up, so both a
 * failed start and a shutdown stop exactly what is running, in reverse order.
 */
export async function startGleaner(env: NodeJS.ProcessEnv = process.env, lifecycle?: Lifecycle): Promise<RunningGleaner> {
  const config = loadConfig(env);
  const logger = createLogger(config.logLevel);
  const parts = lifecycle ?? new Lifecycle(logger);
  try {
    await assertPortFree(config.port, config.host);
    // Normally built by `npm run build`; without it (`npm run dev` on a fresh clone) built here, once.
    const lexicons = await ensureLexicons();
    if (lexicons.length > 0) logger.info("search word lists built", { languages: lexicons });
    const database = await parts.started(
      "database",
      await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger }),
      (d) => d.close(),
    );
    const applied = await migrateToLatest(database.db);
    if (applied.length > 0) logger.info("migrations applied", { applied });
    warmMarkdownWorkers();
    await parts.started("markdown workers", null, () => closeMarkdownWorkers());
    // Stopped after the HTTP server (requests in flight may still enqueue) and before the pool.
    const jobs = await parts.started(
      "job queue",
      await startJobQueue({ databaseUrl: database.url, logger, schedules: config.jobWorkers }),
      (j) => j.stop({ graceMs: config.shutdownGraceMs }),
    );
    if (await isEmpty(database.db)) {
      await seedDemoData(database.db);
      await seedDemoContent(database.db, jobs);
      logger.info("empty database: demo data seeded");
    }

    const limits = await parts.started("rate limits", createRateLimits(database.url, { enabled: config.rateLimits }), (l) => l.close());
    const app: AppContext = {
      db: database.db,
      config,
      logger,
      sessionCookie: createSessionCookie(config),
      events: createEventBus(),
      limits,
      jobs,
    };
    if (config.jobWorkers) await registerWorkers(app);
    const dev = Boolean(env.REMIX_DEV_ORIGIN);
    // Several nodes on one database reach each other's sockets: Redis when REDIS_URL is set,
    // else PostgreSQL LISTEN/NOTIFY on that database (see docs/operations.md).
    const realtime = { adapter: adapterConfigFor({ databaseUrl: database.url, redisUrl: config.redisUrl }), identityDatabaseUrl: database.url };
    const server = createAppServer(app, dev ? await devBuild() : await importBuild(), { dev, realtime });
    await parts.started("HTTP server", server, (s) => s.close({ graceMs: config.shutdownGraceMs }));
    const url = await server.listen(config.port, config.host).catch((error: NodeJS.ErrnoException) => {
      throw portError(error, config.port, config.host);
    });
    printWelcome(url, config.dataDir, database, await hasDemoAccounts(database));
    return { url, server, database, app, stop: () => parts.stopAll() };
  } catch (error) {
    await parts.stopAll();
    throw error;
  }
}

async function hasDemoAccounts(database: OpenedDatabase): Promise<boolean> {
  return Boolean(await database.db.selectFrom("users").select("id").where("handle", "=", "ada").executeTakeFirst());
}

function printWelcome(url: string, dataDir: string, database: OpenedDatabase, demo: boolean): void {
  const lines = [``, `  Gleaner is running at ${url}`, `  Database: ${database.embedded ? `embedded PostgreSQL in ${dataDir}` : "DATABASE_URL"}`];
  if (demo) {
    lines.push(`  Demo logins (password "${DEMO_PASSWORD}"):`);
    for (const u of DEMO_USERS) lines.push(`    ${u.handle.padEnd(6)} ${u.role.replace("_", " ")}${u.company ? ` · ${u.company}` : ""}`);
  }
  console.log(lines.join("\n") + "\n");
}

/**
 * The process's own entry (npm start, and `tsx server.ts`): SIGTERM or SIGINT at any time,
 * during start-up included, stops what runs and exits 0; a failed start prints one line of cause
 * and one of remedy, and exits 1.
 */
export async function runGleanerProcess(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const logger = createLogger("info");
  const lifecycle = new Lifecycle(logger);
  let exitCode = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (lifecycle.stopping) return;
    logger.info("shutting down", { signal });
    void lifecycle.stopAll().then(() => process.exit(exitCode));
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
  try {
    await startGleaner(env, lifecycle);
  } catch (error) {
    if (error instanceof StartupAborted) return;
    exitCode = 1;
    if (isStartupError(error)) {
      console.error(`Gleaner could not start: ${error.reason}.\n  Fix: ${error.remedy}.`);
    } else {
      console.error("Gleaner could not start:", error);
    }
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  void runGleanerProcess();
}
