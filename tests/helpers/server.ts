import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { seedDemoData } from "../../db/seed/demo";
import { loadConfig } from "../../app/lib/config.server";
import { createLogger } from "../../app/lib/logger.server";
import { createSessionCookie } from "../../app/lib/session-cookie.server";
import { createAppServer, type AppServer } from "../../app/server/app-server";
import type { AppContext } from "../../app/services/context";
import { createEventBus } from "../../app/services/events";
import { createTestDatabase, type TestDatabase } from "./db";

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

/**
 * The whole app (Remix, API, Socket.IO) on an ephemeral port over a database of its own,
 * seeded with the demo community unless told otherwise.
 */
export async function startTestServer(options: { seed?: boolean } = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  if (options.seed !== false) await seedDemoData(database.db);
  const config = loadConfig({
    NODE_ENV: "test",
    SESSION_SECRET: "test-secret-not-for-production",
    DATABASE_URL: database.url,
    LOG_LEVEL: process.env.LOG_LEVEL ?? "error",
    DATA_DIR: path.resolve("data/test"),
  });
  const app: AppContext = {
    db: database.db,
    config,
    logger: createLogger(config.logLevel),
    sessionCookie: createSessionCookie(config),
    events: createEventBus(),
  };
  const server = createAppServer(app, await loadBuild());
  const baseUrl = await server.listen(0, "127.0.0.1");
  return {
    baseUrl,
    app,
    database,
    server,
    close: async () => {
      await server.close();
      await database.drop();
    },
  };
}
