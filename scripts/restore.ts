/**
 * `npm run restore FILE`: restores a dump written by `npm run backup` into an empty database
 * (DATABASE_URL, or the embedded one in DATA_DIR, created when missing), all or nothing.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { loadConfig } from "../app/lib/config.server";
import { createLogger } from "../app/lib/logger.server";
import { StartupError } from "../app/lib/startup-error";
import { locateDatabase, restoreDatabase } from "../db/backup";
import { runTool } from "./lib/run-tool";
import { progressBar } from "./lib/progress";

await runTool(async () => {
  const given = process.argv[2];
  if (!given) throw new StartupError("no dump file given", "run npm run restore -- FILE with a file written by npm run backup");
  const file = path.resolve(given);
  if (!existsSync(file)) throw new StartupError(`${file} does not exist`, "pass the path of a file written by npm run backup");
  const config = loadConfig();
  const database = await locateDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger: createLogger("warn"), createIfMissing: true });
  try {
    console.log(`Restoring ${file} into ${database.describe}`);
    const started = Date.now();
    const bar = progressBar("items");
    const { items } = await restoreDatabase(database.url, file, (done, total, what) => bar.update(done, total, what.slice(0, 40)));
    bar.finish("done");
    console.log(`Restored ${items} items in ${((Date.now() - started) / 1000).toFixed(1)} s. Start Gleaner on it with npm start (migrations newer than the dump run then).`);
  } finally {
    await database.release();
  }
});
