/** `npm run migrate -- up|down|down-all`: migrations by hand, against DATABASE_URL or the embedded server. */
import { openDatabase } from "./index";
import { migrateDown, migrateToLatest } from "./migrate";
import { loadConfig } from "../app/lib/config.server";
import { createLogger } from "../app/lib/logger.server";

const command = process.argv[2] ?? "up";
if (!["up", "down", "down-all"].includes(command)) {
  console.error("usage: npm run migrate -- up|down|down-all");
  process.exit(2);
}
const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger: createLogger(config.logLevel) });
try {
  const ran =
    command === "up" ? await migrateToLatest(database.db) : await migrateDown(database.db, { all: command === "down-all" });
  console.log(ran.length ? ran.join("\n") : "Nothing to do.");
} finally {
  await database.close();
}
