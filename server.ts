/**
 * Composition root: config → database (embedded unless DATABASE_URL) → migrations → demo seed on
 * an empty database → one HTTP server for Remix, the API and Socket.IO.
 */
import { watch } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { broadcastDevReady, type ServerBuild } from "@remix-run/node";
import { openDatabase } from "./db/index";
import { migrateToLatest } from "./db/migrate";
import { DEMO_PASSWORD, DEMO_USERS, isEmpty, seedDemoData } from "./db/seed/demo";
import { seedDemoContent } from "./db/seed/demo-content";
import { loadConfig } from "./app/lib/config.server";
import { createLogger } from "./app/lib/logger.server";
import { createRateLimits } from "./app/lib/rate-limits.server";
import { createSessionCookie } from "./app/lib/session-cookie.server";
import { adapterConfigFor } from "./app/realtime/cluster-adapter.server";
import { createAppServer } from "./app/server/app-server";
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

export async function startGleaner(env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(env);
  const logger = createLogger(config.logLevel);
  // Normally built by `npm run build`; without it (`npm run dev` on a fresh clone) built here, once.
  const lexicons = await ensureLexicons();
  if (lexicons.length > 0) logger.info("search word lists built", { languages: lexicons });
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
  const applied = await migrateToLatest(database.db);
  if (applied.length > 0) logger.info("migrations applied", { applied });
  const seeded = await isEmpty(database.db);
  if (seeded) {
    await seedDemoData(database.db);
    await seedDemoContent(database.db);
    logger.info("empty database: demo data seeded");
  }

  const app: AppContext = {
    db: database.db,
    config,
    logger,
    sessionCookie: createSessionCookie(config),
    events: createEventBus(),
    limits: createRateLimits(database.url, { enabled: config.rateLimits }),
  };
  const dev = Boolean(env.REMIX_DEV_ORIGIN);
  // Several nodes on one database reach each other's sockets: Redis when REDIS_URL is set,
  // else PostgreSQL LISTEN/NOTIFY on that database (see docs/operations.md).
  const realtime = { adapter: adapterConfigFor({ databaseUrl: database.url, redisUrl: config.redisUrl }) };
  const server = createAppServer(app, dev ? await devBuild() : await importBuild(), { dev, realtime });
  const url = await server.listen(config.port, config.host);

  const hasDemoAccounts = await database.db.selectFrom("users").select("id").where("handle", "=", "ada").executeTakeFirst();
  const lines = [``, `  Gleaner is running at ${url}`, `  Database: ${database.embedded ? `embedded PostgreSQL in ${config.dataDir}` : "DATABASE_URL"}`];
  if (hasDemoAccounts) {
    lines.push(`  Demo logins (password "${DEMO_PASSWORD}"):`);
    for (const u of DEMO_USERS) lines.push(`    ${u.handle.padEnd(6)} ${u.role.replace("_", " ")}${u.company ? ` · ${u.company}` : ""}`);
  }
  console.log(lines.join("\n") + "\n");

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("shutting down", { signal });
    await server.close();
    await app.limits.close();
    await database.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
  return { url, server, database, app };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  startGleaner().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
