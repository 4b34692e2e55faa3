/**
 * Prepares one migrated template database per test run; each test file then clones it into a
 * database of its own (CREATE DATABASE … TEMPLATE is a file copy: milliseconds, not a migration).
 * The server comes from TEST_DATABASE_URL or DATABASE_URL, else an embedded PostgreSQL.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { createDb } from "../../db/index";
import { startEmbeddedPostgres, type EmbeddedServer } from "../../db/embedded";
import { migrateToLatest } from "../../db/migrate";
import { startJobQueue } from "../../app/jobs/job-queue.server";
import { createLogger } from "../../app/lib/logger.server";
import { ensureLexicons } from "../../app/lib/text/lexicon";

declare module "vitest" {
  export interface ProvidedContext {
    dbAdminUrl: string;
    templateDatabase: string;
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export default async function setup(project: TestProject) {
  // Search needs the derived word lists; every test file reads them, so they are built once here.
  await ensureLexicons();
  let embedded: EmbeddedServer | undefined;
  let embeddedDir: string | undefined;
  let adminUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (!adminUrl) {
    embeddedDir = mkdtempSync(path.join(tmpdir(), "gleaner-test-pg-"));
    embedded = await startEmbeddedPostgres({ dataDir: embeddedDir, database: "postgres", logger: createLogger("warn") });
    adminUrl = embedded.adminUrl;
  }
  adminUrl = withDatabase(adminUrl, "postgres");

  const template = `gleaner_tpl_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${template}`);
  const db = createDb(withDatabase(adminUrl, template), { poolSize: 2 });
  await migrateToLatest(db);
  await db.destroy();
  // pg-boss's schema and our queues, once: every test database cloned from the template has them.
  const jobs = await startJobQueue({ databaseUrl: withDatabase(adminUrl, template), logger: createLogger("error") });
  await jobs.stop();

  project.provide("dbAdminUrl", adminUrl);
  project.provide("templateDatabase", template);

  return async () => {
    // Leftover databases of crashed files are dropped here too, so runs do not accumulate.
    const { rows } = await admin.query<{ datname: string }>(
      "select datname from pg_database where datname like $1 or datname = $2",
      [`gleaner_t_${process.pid}_%`, template],
    );
    for (const { datname } of rows) await admin.query(`drop database if exists ${datname} with (force)`);
    await admin.end();
    if (embedded) await embedded.stop();
    if (embeddedDir) rmSync(embeddedDir, { recursive: true, force: true });
  };
}
