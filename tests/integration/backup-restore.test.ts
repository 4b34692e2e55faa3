/**
 * `npm run backup` then `npm run restore` into an empty database gives back every table, row for
 * row; the embedded database is found whether it is running or not.
 */
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJobQueue } from "../../app/jobs/job-queue.server";
import { createLogger } from "../../app/lib/logger.server";
import { createDb } from "../../db/index";
import { startEmbeddedPostgres } from "../../db/embedded";
import { migrateToLatest } from "../../db/migrate";
import { seedDemoData } from "../../db/seed/demo";
import { seedDemoContent } from "../../db/seed/demo-content";
import { runToExit } from "../helpers/child-server";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

const TSX = [process.execPath, "--import", "tsx"];
let source: TestDatabase;
let target: TestDatabase;
let dir: string;

/** One fingerprint per table: its row count and an md5 over its rows in a stable order. */
async function fingerprint(url: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ name: string }>(
      "select quote_ident(schemaname) || '.' || quote_ident(tablename) as name from pg_tables where schemaname not in ('pg_catalog', 'information_schema') order by 1",
    );
    const out: Record<string, string> = {};
    for (const { name } of tables) {
      const { rows } = await client.query<{ n: string; h: string | null }>(`select count(*) as n, md5(string_agg(t::text, '|' order by t::text)) as h from ${name} t`);
      out[name] = `${rows[0]!.n}:${rows[0]!.h ?? "-"}`;
    }
    return out;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "gleaner-backup-"));
  // Embedded PostgreSQL runs as its own system user when we are root: it must reach in here.
  chmodSync(dir, 0o711);
  source = await createTestDatabase();
  await seedDemoData(source.db);
  const jobs = await startJobQueue({ databaseUrl: source.url, logger: createLogger("error") });
  await seedDemoContent(source.db, jobs);
  await jobs.stop();
  // The template has tables (ours and the job queue's); an empty database for the restore has none.
  target = await createTestDatabase();
  await pgExec(target.url, "drop schema public cascade; drop schema if exists pgboss cascade; create schema public;");
});
afterAll(async () => {
  await source?.drop();
  await target?.drop();
  rmSync(dir, { recursive: true, force: true });
});

async function pgExec(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(text).finally(() => client.end());
}

describe("backup and restore", () => {
  it("round-trips every table of a configured database", async () => {
    const file = path.join(dir, "round-trip.dump");
    const backup = await runToExit([...TSX, "scripts/backup.ts", file], { DATABASE_URL: source.url, DATA_DIR: dir });
    expect(backup.code, backup.output).toBe(0);
    expect(backup.output).toMatch(/Backup written: .*round-trip\.dump \(\d+ tables/);
    const restore = await runToExit([...TSX, "scripts/restore.ts", file], { DATABASE_URL: target.url, DATA_DIR: dir });
    expect(restore.code, restore.output).toBe(0);
    const before = await fingerprint(source.url);
    expect(Object.keys(before).length).toBeGreaterThan(15);
    expect(Number(before['public.posts']!.split(":")[0])).toBeGreaterThan(0);
    expect(await fingerprint(target.url)).toEqual(before);
  }, 120_000);

  it("refuses to restore into a database that is not empty, and leaves it as it was", async () => {
    const file = path.join(dir, "round-trip.dump");
    const before = await fingerprint(source.url);
    const refused = await runToExit([...TSX, "scripts/restore.ts", file], { DATABASE_URL: source.url, DATA_DIR: dir });
    expect(refused.code).toBe(1);
    expect(refused.output).toContain("the target database is not empty");
    expect(await fingerprint(source.url)).toEqual(before);
  }, 60_000);

  it("finds the embedded database whether it is running (port from postmaster.pid) or stopped", async () => {
    const dataDir = path.join(dir, "embedded");
    const server = await startEmbeddedPostgres({ dataDir, database: "gleaner", logger: createLogger("error") });
    const db = createDb(server.url, { poolSize: 2 });
    await migrateToLatest(db);
    await seedDemoData(db);
    await db.destroy();
    const running = await runToExit([...TSX, "scripts/backup.ts", path.join(dir, "running.dump")], { DATABASE_URL: "", DATA_DIR: dataDir });
    expect(running.code, running.output).toBe(0);
    expect(running.output).toContain("the running embedded PostgreSQL");
    await server.stop();
    const stopped = await runToExit([...TSX, "scripts/backup.ts", path.join(dir, "stopped.dump")], { DATABASE_URL: "", DATA_DIR: dataDir });
    expect(stopped.code, stopped.output).toBe(0);
    // Restoring into a fresh data directory brings the same users back.
    const fresh = path.join(dir, "fresh");
    const restored = await runToExit([...TSX, "scripts/restore.ts", path.join(dir, "stopped.dump")], { DATABASE_URL: "", DATA_DIR: fresh });
    expect(restored.code, restored.output).toBe(0);
    const again = await startEmbeddedPostgres({ dataDir: fresh, database: "gleaner", logger: createLogger("error") });
    const check = createDb(again.url, { poolSize: 1 });
    const handles = await check.selectFrom("users").select("handle").orderBy("handle").execute();
    await check.destroy();
    await again.stop();
    expect(handles.map((h) => h.handle)).toEqual(["ada", "alice", "bob", "carol", "mia", "pete", "sam"]);
  }, 180_000);
});
