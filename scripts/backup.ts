/**
 * `npm run backup [FILE]`: a consistent dump (pg_dump custom format) of the database `npm start`
 * uses (DATABASE_URL, or the embedded one in DATA_DIR, running or not), with progress.
 */
import { statSync } from "node:fs";
import path from "node:path";
import { loadConfig } from "../app/lib/config.server";
import { createLogger } from "../app/lib/logger.server";
import { dumpDatabase, locateDatabase } from "../db/backup";
import { runTool } from "./lib/run-tool";
import { progressBar } from "./lib/progress";

await runTool(async () => {
  const config = loadConfig();
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\..+/, "").replace("T", "-");
  const file = path.resolve(process.argv[2] ?? `gleaner-${stamp}.dump`);
  const database = await locateDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger: createLogger("warn") });
  try {
    console.log(`Backing up ${database.describe} to ${file}`);
    const started = Date.now();
    const bar = progressBar("tables");
    const { tables } = await dumpDatabase(database.url, file, (done, total, what) => bar.update(done, total, what));
    bar.finish("done");
    const mb = (statSync(file).size / 1024 / 1024).toFixed(1);
    console.log(`Backup written: ${file} (${tables} tables, ${mb} MB, ${((Date.now() - started) / 1000).toFixed(1)} s). Restore it with: npm run restore -- ${path.basename(file)}`);
  } finally {
    await database.release();
  }
});
