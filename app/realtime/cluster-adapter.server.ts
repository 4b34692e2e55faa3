import { createHash } from "node:crypto";
import { createAdapter as createPostgresAdapter } from "@socket.io/postgres-adapter";
import { createAdapter as createRedisAdapter } from "@socket.io/redis-adapter";
import pg from "pg";
import { createClient } from "redis";
import type { ServerOptions } from "socket.io";
import type { Logger } from "../lib/logger.server";

/**
 * How the nodes of one deployment reach each other's sockets. With the in-memory adapter an
 * event reaches only the sockets of the node that published it; the cluster adapters relay
 * every `io.to(room).emit`, `socketsLeave` and `fetchSockets` to all nodes.
 *
 * - postgres (the default when a database URL is known): LISTEN/NOTIFY on the database we
 *   already have, so running several nodes needs no extra infrastructure. Messages over 8000
 *   bytes go through the `socket_io_attachments` table (migration 0004).
 * - redis (when REDIS_URL is set): pub/sub, for deployments that already run Redis.
 * - memory: one process (tests that do not care about clusters).
 */
export type AdapterConfig =
  | { kind: "memory" }
  | { kind: "postgres"; databaseUrl: string; heartbeatIntervalMs?: number }
  | { kind: "redis"; redisUrl: string; key: string };

/**
 * The adapter a node uses: Redis when REDIS_URL is set, else PostgreSQL on the app's database.
 * The Redis channel key is derived from the database (host, port, name), so every node of one
 * deployment agrees on it without configuration while two deployments (or two test databases)
 * sharing one Redis never hear each other.
 */
export function adapterConfigFor(env: { databaseUrl?: string; redisUrl?: string }): AdapterConfig {
  if (env.redisUrl) return { kind: "redis", redisUrl: env.redisUrl, key: redisKeyFor(env.databaseUrl) };
  if (env.databaseUrl) return { kind: "postgres", databaseUrl: env.databaseUrl };
  return { kind: "memory" };
}

export function redisKeyFor(databaseUrl: string | undefined): string {
  if (!databaseUrl) return "gleaner";
  const url = new URL(databaseUrl);
  // Credentials stay out of the identity: rotating a password must not split the cluster.
  const identity = `${url.hostname}:${url.port || "5432"}${url.pathname}`;
  return `gleaner-${createHash("sha256").update(identity).digest("hex").slice(0, 16)}`;
}

export interface ClusterLink {
  kind: AdapterConfig["kind"];
  /** For `new Server(..., { adapter })`; undefined keeps Socket.IO's in-memory adapter. */
  adapter: ServerOptions["adapter"] | undefined;
  /** Resolves once the node can publish and receive (Redis connected); rejects if it cannot. */
  ready: Promise<void>;
  /** After `io.close()` (which closes the adapter): releases the pool or the Redis clients. */
  close(): Promise<void>;
}

const REDIS_READY_TIMEOUT_MS = 10_000;

export function openClusterLink(config: AdapterConfig, logger: Logger): ClusterLink {
  switch (config.kind) {
    case "memory":
      return { kind: "memory", adapter: undefined, ready: Promise.resolve(), close: async () => {} };
    case "postgres":
      return postgresLink(config, logger);
    case "redis":
      return redisLink(config, logger);
  }
}

function postgresLink(config: Extract<AdapterConfig, { kind: "postgres" }>, logger: Logger): ClusterLink {
  // A pool of its own, so nothing here competes with requests for the app's pool: one
  // connection stays checked out for LISTEN, and a single other one sends every NOTIFY (and
  // reads attachments). One sender keeps this node's messages in the order they were sent:
  // NOTIFYs from separate connections reach the other nodes in commit order, not call order,
  // and "remove these sockets from the room" must not overtake the broadcast before it.
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 2 });
  pool.on("error", (error) => logger.warn("socket.io postgres adapter: idle connection failed", { error: error.message }));
  // The adapter keeps its LISTEN connection checked out without an error listener; a server
  // restart would otherwise crash the process instead of letting the adapter reconnect.
  pool.on("connect", (client) => client.on("error", (error) => logger.warn("socket.io postgres adapter: connection failed", { error: error.message })));
  const adapter = createPostgresAdapter(pool, {
    heartbeatInterval: config.heartbeatIntervalMs ?? 5_000,
    heartbeatTimeout: (config.heartbeatIntervalMs ?? 5_000) * 2,
    errorHandler: (error) => logger.warn("socket.io postgres adapter", { error: error.message }),
  });
  return {
    kind: "postgres",
    adapter,
    // The adapter connects in the background and retries by itself: a node can serve pages
    // while its database connection for LISTEN comes up.
    ready: Promise.resolve(),
    close: async () => {
      await pool.end();
    },
  };
}

function redisLink(config: Extract<AdapterConfig, { kind: "redis" }>, logger: Logger): ClusterLink {
  const pub = createClient({ url: config.redisUrl, socket: { reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 3_000) } });
  const sub = pub.duplicate();
  for (const [name, client] of [["publisher", pub], ["subscriber", sub]] as const) {
    client.on("error", (error: Error) => logger.warn(`socket.io redis adapter ${name}`, { error: error.message }));
  }
  const connected = Promise.all([pub.connect(), sub.connect()]).then(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis at REDIS_URL did not answer within ${REDIS_READY_TIMEOUT_MS / 1000} s.`)), REDIS_READY_TIMEOUT_MS);
  });
  const ready = Promise.race([connected, timeout]).finally(() => clearTimeout(timer));
  return {
    kind: "redis",
    adapter: createRedisAdapter(pub, sub, { key: config.key }),
    ready,
    close: async () => {
      clearTimeout(timer);
      await Promise.all(
        [pub, sub].map(async (client) => {
          if (!client.isOpen) return;
          try {
            await client.quit();
          } catch {
            await client.disconnect().catch(() => undefined);
          }
        }),
      );
    },
  };
}
