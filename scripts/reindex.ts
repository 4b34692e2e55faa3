/**
 * `npm run reindex`: recomputes the search index of posts and threads written with an older
 * normalisation, with a progress bar. Opens the database like `npm start` (DATABASE_URL, else
 * the embedded PostgreSQL in DATA_DIR) and migrates it first. Safe to stop and run again: it
 * goes on where it stopped.
 */
import { SingleBar, Presets } from "cli-progress";
import { openDatabase } from "../db/index";
import { migrateToLatest } from "../db/migrate";
import { loadConfig } from "../app/lib/config.server";
import { createLogger } from "../app/lib/logger.server";
import { ensureLexicons } from "../app/lib/text/lexicon";
import { reindexSearch } from "../app/services/search/reindex.server";

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger: createLogger(config.logLevel) });
const bar = new SingleBar({ format: "Reindexing search |{bar}| {percentage}% {value}/{total} rows, {eta_formatted} left" }, Presets.shades_classic);
try {
  await migrateToLatest(database.db);
  await ensureLexicons();
  const started = Date.now();
  let running = false;
  const result = await reindexSearch(database.db, {
    onProgress(done, total) {
      if (!running) bar.start(total, done);
      running = true;
      bar.update(done);
    },
  });
  bar.stop();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(result.posts + result.threads === 0 ? "The search index is up to date." : `Reindexed ${result.posts} posts and ${result.threads} threads in ${seconds} s.`);
} finally {
  bar.stop();
  await database.close();
}
