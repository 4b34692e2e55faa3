/**
 * `npm run harvest [-- --incremental]`: one harvest pass now, in this process, with a progress
 * bar and a summary. It opens the database like `npm start` (DATABASE_URL, or the embedded one
 * in DATA_DIR) and is recorded in harvest_runs like any other pass; a pass running elsewhere
 * (a server's job) is waited for, never doubled.
 */
import { loadConfig } from "../app/lib/config.server";
import { createLogger } from "../app/lib/logger.server";
import { recordCliRun } from "../app/harvest/runs.server";
import { startJobQueue } from "../app/jobs/job-queue.server";
import { runHarvestPass } from "../app/harvest/pass.server";
import { createEventBus } from "../app/services/events";
import { migrateToLatest } from "../db/migrate";
import { openDatabase } from "../db/index";
import { progressBar } from "./lib/progress";
import { runTool } from "./lib/run-tool";

await runTool(async () => {
  const scope = process.argv.includes("--incremental") ? "incremental" : "full";
  const config = loadConfig();
  const logger = createLogger(config.logLevel === "info" ? "warn" : config.logLevel);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
  try {
    await migrateToLatest(database.db);
    const runId = await recordCliRun(database.db, scope);
    console.log(`Harvest pass #${runId} (${scope}) on ${database.embedded ? `the embedded database in ${config.dataDir}` : "DATABASE_URL"}`);
    const started = Date.now();
    const bar = progressBar("threads");
    // New leads' webhook deliveries are enqueued; a server's workers send them.
    const jobs = await startJobQueue({ databaseUrl: database.url, logger });
    const stats = await runHarvestPass({ db: database.db, events: createEventBus(), logger, jobs }, runId, {
      onProgress: (processed, total, s) => bar.update(processed, total, `${s.created} created, ${s.updated} updated, ${s.flagged} flagged`),
    });
    bar.finish("done");
    await jobs.stop();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      [
        `Scanned ${stats.scanned} threads in ${seconds} s:`,
        `  articles: created ${stats.created}, updated ${stats.updated}, flagged for review ${stats.flagged}, archived ${stats.archived}, skipped ${stats.skipped}, failed ${stats.failed}`,
        `  signals: ${stats.postsScanned} posts scanned, ${stats.signals} signals, ${stats.evidence} idea evidence`,
        `  leads: ${stats.leadsCreated} created, ${stats.leadsUpdated} rescored`,
      ].join("\n"),
    );
    if (stats.failed > 0) process.exitCode = 1;
  } finally {
    await database.close();
  }
});
