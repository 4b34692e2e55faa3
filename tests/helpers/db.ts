import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { createDb, type Db } from "../../db/index";

export interface TestDatabase {
  db: Db;
  url: string;
  /** Every SQL statement run through `db`, for counting queries (N+1 checks). */
  queries: string[];
  drop(): Promise<void>;
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject("dbAdminUrl") });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh, fully migrated database of this test file's own, cloned from the run's template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `gleaner_t_${process.ppid}_${randomBytes(5).toString("hex")}`;
  // The parent of a vitest fork is the run's main process, whose pid the global teardown knows.
  await admin((c) => c.query(`create database ${name} template ${inject("templateDatabase")}`));
  const url = new URL(inject("dbAdminUrl"));
  url.pathname = `/${name}`;
  const queries: string[] = [];
  const db = createDb(url.toString(), { onQuery: (sql) => queries.push(sql), poolSize: 5 });
  return {
    db,
    url: url.toString(),
    queries,
    drop: async () => {
      await db.destroy();
      await admin((c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}
