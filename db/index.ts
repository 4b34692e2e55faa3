import { Kysely, PostgresDialect, type KyselyConfig } from "kysely";
import pg from "pg";
import type { Logger } from "../app/lib/logger.server";
import { StartupError } from "../app/lib/startup-error";
import { startEmbeddedPostgres } from "./embedded";
import type { Database } from "./schema";

export type Db = Kysely<Database>;

// bigint counts (count(*), sums) come back as strings by default; ours stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export interface CreateDbOptions {
  /** Called for every query: used by tests and benchmarks to count queries (N+1 checks). */
  onQuery?: (sql: string, parameters: readonly unknown[]) => void;
  poolSize?: number;
}

export function createDb(connectionString: string, options: CreateDbOptions = {}): Db {
  const pool = new pg.Pool({
    connectionString,
    max: options.poolSize ?? 10,
    // A runaway query must not hold a pooled connection (and a request) forever.
    statement_timeout: 30_000,
    // While the server is down, a request waits this long for a connection, then gets a 503
    // (errors.ts: isDatabaseUnavailable) instead of hanging until the client gives up.
    connectionTimeoutMillis: 5_000,
    // Our queries are short and indexed: PostgreSQL's JIT costs more to compile than it saves
    // (35 ms of a 107 ms search on a 200,000-post seed). Off for the app's connections only.
    // random_page_cost 1.1 instead of 4 (a spinning disk's figure): the community's working set
    // is in memory or on SSD, and at 4 the planner read all 100,000 threads to join a search's
    // 2,400 candidates (a common word at 1,000,000 posts: 94 ms, 45 ms at 1.1).
    options: "-c jit=off -c random_page_cost=1.1",
  });
  // A connection can be cut at any time (server restart, a failover, a dropped test database).
  // Idle, pg reports that on the pool; checked out (mid-transaction), on the client itself, and
  // an 'error' event nobody listens to would kill the process. Either way the query in flight
  // fails (the request answers 503), the pool drops the dead connection and opens a new one.
  const reportCut = (error: Error) => {
    const code = (error as { code?: string }).code;
    if (code !== "57P01") console.warn(`database connection closed: ${error.message}`);
  };
  pool.on("error", reportCut);
  pool.on("connect", (client) => client.on("error", reportCut));
  const { onQuery } = options;
  const config: KyselyConfig = {
    dialect: new PostgresDialect({ pool }),
    log: onQuery
      ? (event) => {
          if (event.level === "query") onQuery(event.query.sql, event.query.parameters);
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

/** A database URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(an unparsable DATABASE_URL)";
  }
}

/**
 * Waits for the server at `url` to answer, with exponential backoff: a node that starts with its
 * database (a compose file, a reboot) should not give up on the first refused connection.
 */
export async function waitForDatabase(url: string, options: { attempts?: number; firstDelayMs?: number; logger?: Logger } = {}): Promise<void> {
  const attempts = options.attempts ?? 5;
  let delay = options.firstDelayMs ?? 500;
  for (let attempt = 1; ; attempt++) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    client.on("error", () => {}); // reported through the rejected connect below
    try {
      await client.connect();
      await client.query("select 1");
      return;
    } catch (error) {
      if (attempt >= attempts) {
        throw new StartupError(
          `cannot reach the database at ${redactUrl(url)} (${(error as Error).message}) after ${attempts} attempts`,
          "check DATABASE_URL and that PostgreSQL is running and accepts connections from this host",
        );
      }
      options.logger?.warn("database not reachable yet; retrying", { attempt, inMs: delay, error: (error as Error).message });
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay *= 2;
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

/** DATABASE_URL set: a pool to that server. Unset: a real PostgreSQL embedded in DATA_DIR. */
export async function openDatabase(options: {
  databaseUrl: string | undefined;
  dataDir: string;
  logger: Logger;
  poolSize?: number;
}): Promise<OpenedDatabase> {
  if (options.databaseUrl) {
    await waitForDatabase(options.databaseUrl, { logger: options.logger });
    const db = createDb(options.databaseUrl, { poolSize: options.poolSize });
    return { db, url: options.databaseUrl, embedded: false, close: () => db.destroy() };
  }
  const server = await startEmbeddedPostgres({
    dataDir: options.dataDir,
    database: "gleaner",
    logger: options.logger.child("postgres"),
  });
  const db = createDb(server.url, { poolSize: options.poolSize });
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
