import { Kysely, PostgresDialect, type KyselyConfig } from "kysely";
import pg from "pg";
import type { Logger } from "../app/lib/logger.server";
import { startEmbeddedPostgres } from "./embedded";
import type { Database } from "./schema";

export type Db = Kysely<Database>;

// bigint counts (count(*), sums) come back as strings by default; ours stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export interface CreateDbOptions {
  /** Called for every query: used by tests and benchmarks to count queries (N+1 checks). */
  onQuery?: (sql: string) => void;
  poolSize?: number;
}

export function createDb(connectionString: string, options: CreateDbOptions = {}): Db {
  const pool = new pg.Pool({
    connectionString,
    max: options.poolSize ?? 10,
    // A runaway query must not hold a pooled connection (and a request) forever.
    statement_timeout: 30_000,
  });
  // An idle pooled connection can be cut (server restart, a failover, a dropped test database).
  // pg reports that on the pool; unheard, it would crash the process. The pool replaces the
  // connection by itself, so a line in the log is all it needs.
  pool.on("error", (error) => {
    const code = (error as { code?: string }).code;
    if (code !== "57P01") console.warn(`idle database connection closed: ${error.message}`);
  });
  const { onQuery } = options;
  const config: KyselyConfig = {
    dialect: new PostgresDialect({ pool }),
    log: onQuery
      ? (event) => {
          if (event.level === "query") onQuery(event.query.sql);
        }
      : undefined,
  };
  return new Kysely<Database>(config);
}

export interface OpenedDatabase {
  db: Db;
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

/** DATABASE_URL set: a pool to that server. Unset: a real PostgreSQL embedded in DATA_DIR. */
export async function openDatabase(options: {
  databaseUrl: string | undefined;
  dataDir: string;
  logger: Logger;
}): Promise<OpenedDatabase> {
  if (options.databaseUrl) {
    const db = createDb(options.databaseUrl);
    return { db, url: options.databaseUrl, embedded: false, close: () => db.destroy() };
  }
  const server = await startEmbeddedPostgres({
    dataDir: options.dataDir,
    database: "gleaner",
    logger: options.logger.child("postgres"),
  });
  const db = createDb(server.url);
  return {
    db,
    url: server.url,
    embedded: true,
    close: async () => {
      await db.destroy();
      await server.stop();
    },
  };
}
