/**
 * `npm run seed -- --scale N [--seed S] [--append] [--jobs J] [--drop-indexes] [--verify K]`
 *
 * Loads N synthetic threads for benchmarks into the configured database: DATABASE_URL, or the
 * embedded PostgreSQL in DATA_DIR when it is unset (as `npm start`). Migrates first; on an
 * empty database seeds the demo roles and categories too. Refuses (exit 1) when a scale seed
 * is already there, unless --append. See db/seed/scale/index.ts. Usage errors exit 2; failures
 * the operator can fix (configuration, an unreachable database, a refusal) print their cause and
 * remedy and exit 1 (scripts/lib/run-tool.ts).
 */
import { parseArgs } from "node:util";
import { loadConfig } from "../app/lib/config.server";
import { createLogger } from "../app/lib/logger.server";
import { closeMarkdownWorkers } from "../app/lib/markdown/render.server";
import { openDatabase } from "../db/index";
import { migrateToLatest } from "../db/migrate";
import { DEFAULT_SEED, seedScale, type ScaleSeedSummary } from "../db/seed/scale/index";
import { createProgress } from "../db/seed/scale/progress";
import { runTool } from "./lib/run-tool";

const USAGE = `usage: npm run seed -- --scale N [options]

  --scale N        threads to load (about 10 posts each; N/10 users)
  --seed S         PRNG seed (default "${DEFAULT_SEED}"): same N and seed, same data
  --append         add another batch when a scale seed is already loaded
  --jobs J         connections loading at once (default 2, one per core here)
  --drop-indexes   drop the indexes for the load and rebuild them after (slower here; for comparison)
  --verify K       re-derive K sampled posts with the app's own pipeline and compare (default 1000, 0 = off)

Uses DATABASE_URL, or the embedded PostgreSQL in DATA_DIR (default ./data) when it is unset.`;

function fail(message: string, code = 2): never {
  console.error(message);
  process.exit(code);
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        scale: { type: "string" },
        seed: { type: "string" },
        append: { type: "boolean", default: false },
        "drop-indexes": { type: "boolean", default: false },
        verify: { type: "string", default: "1000" },
        jobs: { type: "string", default: "2" },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
    });
  } catch (error) {
    return fail(`${(error as Error).message}\n\n${USAGE}`);
  }
})();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const scale = Number(values.scale);
if (!values.scale || !Number.isInteger(scale) || scale < 1 || scale > 10_000_000) fail(`--scale takes a whole number of threads from 1 to 10,000,000\n\n${USAGE}`);
const verify = Number(values.verify);
if (!Number.isInteger(verify) || verify < 0) fail(`--verify takes a whole number of posts (0 = off)\n\n${USAGE}`);
const jobs = Number(values.jobs);
if (!Number.isInteger(jobs) || jobs < 1 || jobs > 16) fail(`--jobs takes a whole number from 1 to 16\n\n${USAGE}`);

function printSummary(s: ScaleSeedSummary): void {
  const n = (v: number) => v.toLocaleString("en");
  const lines = [
    "",
    `Scale seed loaded: batch ${s.batch}, ${n(s.scale)} threads, seed "${s.seed}", in ${(s.durationMs / 1000).toFixed(1)} s.`,
    s.demoSeeded ? "The database was empty: the demo accounts, companies and categories were seeded first." : "",
    "",
    "  table              rows",
    ...Object.entries(s.rows).map(([table, rows]) => `  ${table.padEnd(16)} ${n(rows).padStart(12)}`),
    "",
    `  accepted answers ${n(s.facts.acceptedAnswers)}, ideas ${n(s.facts.ideas)}, longest thread ${n(s.facts.maxPostsInThread)} posts`,
    `  thread languages ${Object.entries(s.facts.languages).map(([l, c]) => `${l} ${n(c)}`).join(", ")}`,
    `  ${n(s.facts.templates)} body templates; ${n(s.facts.verified)} sampled posts matched the app's prepareBody`,
    `  phases: ${Object.entries(s.timings).map(([phase, ms]) => `${phase} ${(ms / 1000).toFixed(1)} s`).join(", ")}`,
    "",
    `Every synthetic user (and demo account) logs in with the password "${s.logins.password}", e.g.:`,
    ...s.logins.examples.map((e) => `  ${e.handle.padEnd(28)} ${e.role.replace("_", " ")}`),
    "",
  ];
  console.log(lines.filter((l, i) => l !== "" || lines[i - 1] !== "").join("\n"));
}

await runTool(async () => {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger: createLogger(config.logLevel) });
  try {
    const applied = await migrateToLatest(database.db);
    if (applied.length > 0) console.log(`Migrations applied: ${applied.join(", ")}`);
    console.log(`Seeding ${scale.toLocaleString("en")} threads into ${database.embedded ? `the embedded PostgreSQL in ${config.dataDir}` : "DATABASE_URL"}…`);
    const summary = await seedScale({
      url: database.url,
      db: database.db,
      scale,
      seed: values.seed,
      append: values.append,
      dropIndexes: values["drop-indexes"],
      verifySample: verify,
      jobs,
      progress: createProgress(),
    });
    printSummary(summary);
  } finally {
    await closeMarkdownWorkers();
    await database.close();
  }
});
// runTool set the exit code; nothing of ours should still be running, but do not wait for it.
process.exit();
