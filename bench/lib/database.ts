import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { createLogger } from "../../app/lib/logger.server";
import { startEmbeddedPostgres, type EmbeddedServer } from "../../db/embedded";
import { createDb } from "../../db/index";
import { migrateToLatest } from "../../db/migrate";
import { seedDemoData } from "../../db/seed/demo";

export interface BenchDatabase {
  url: string;
  serverVersion: string;
  drop(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * A throwaway database for one benchmark run, migrated and seeded with the demo community: on
 * the server of BENCH_DATABASE_URL / TEST_DATABASE_URL / DATABASE_URL when set (only a new
 * database is created there, and dropped afterwards), else on an embedded PostgreSQL.
 */
export async function createBenchDatabase(): Promise<BenchDatabase> {
  let embedded: EmbeddedServer | undefined;
  let embeddedDir: string | undefined;
  let adminUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (!adminUrl) {
    embeddedDir = mkdtempSync(path.join(tmpdir(), "gleaner-bench-pg-"));
    embedded = await startEmbeddedPostgres({ dataDir: embeddedDir, database: "postgres", logger: createLogger("warn") });
    adminUrl = embedded.adminUrl;
  }
  adminUrl = withDatabase(adminUrl, "postgres");
  const name = `gleaner_bench_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const { rows } = await admin.query<{ server_version: string }>("show server_version");
  const url = withDatabase(adminUrl, name);
  const db = createDb(url, { poolSize: 2 });
  await migrateToLatest(db);
  await seedDemoData(db);
  await db.destroy();
  return {
    url,
    serverVersion: rows[0]?.server_version ?? "unknown",
    drop: async () => {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
      if (embedded) await embedded.stop();
      if (embeddedDir) rmSync(embeddedDir, { recursive: true, force: true });
    },
  };
}
