import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { createAdapter as createPostgresAdapter } from "@socket.io/postgres-adapter";
import pg from "pg";
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

/** Which sockets may have missed events after the link recovered. */
export type ResyncScope =
  /** This node could not hear the others for a while: its own sockets must catch up. */
  | "local"
  /** This node could not publish for a while: sockets on every node must catch up. */
  | "cluster";

export interface ClusterLink {
  kind: AdapterConfig["kind"];
  /** For `new Server(..., { adapter })`; undefined keeps Socket.IO's in-memory adapter. */
  adapter: ServerOptions["adapter"] | undefined;
  /** Resolves once the node can publish and receive (Redis connected); rejects if it cannot. */
  ready: Promise<void>;
  /** Whether this node can reach the others right now (for /healthz). */
  isUp(): boolean;
  /** Called each time the link comes back after a cut, when events may have been lost. */
  onRecovered(listener: (scope: ResyncScope) => void): void;
  /** After `io.close()` (which closes the adapter): releases its connections. */
  close(): Promise<void>;
}

const REDIS_READY_TIMEOUT_MS = 10_000;
const LISTEN_READY_TIMEOUT_MS = 10_000;
/** A NOTIFY waits at most this long for the sender connection while the database is away. */
const SEND_TIMEOUT_MS = 5_000;

export function openClusterLink(config: AdapterConfig, logger: Logger): ClusterLink {
  switch (config.kind) {
    case "memory":
      return { kind: "memory", adapter: undefined, ready: Promise.resolve(), isUp: () => true, onRecovered: () => {}, close: async () => {} };
    case "postgres":
      return postgresLink(config, logger);
    case "redis":
      return redisLink(config, logger);
  }
}

function recoveryListeners() {
  const listeners: Array<(scope: ResyncScope) => void> = [];
  return {
    add: (listener: (scope: ResyncScope) => void) => void listeners.push(listener),
    notify: (scope: ResyncScope) => {
      for (const listener of listeners) listener(scope);
    },
  };
}

/**
 * The Postgres adapter, given a pool, keeps one of its connections checked out for LISTEN and
 * reconnects when that connection ends. Through a real pool that recovery never worked: after
 * a database restart the dead LISTEN connection stayed counted as checked out, the new LISTEN
 * took the pool's last slot, and every NOTIFY queued behind it for good (live events stopped
 * while the process looked healthy). So the adapter gets a stand-in for the pool: `connect()`
 * opens a dedicated connection for LISTEN (released = closed), and `query()` goes to a pool of
 * its own with a single connection. One sender keeps this node's messages in the order they were
 * sent: NOTIFYs from separate connections reach the other nodes in commit order, not call order,
 * and "remove these sockets from the room" must not overtake the broadcast before it.
 *
 * The stand-in also watches both paths, for /healthz and for recovery: when LISTEN is back
 * after a cut this node's sockets are told to catch up, and when sending works again after
 * failures every node's sockets are (what this node published meanwhile was lost).
 */
function postgresLink(config: Extract<AdapterConfig, { kind: "postgres" }>, logger: Logger): ClusterLink {
  const recovered = recoveryListeners();
  const sender = new pg.Pool({ connectionString: config.databaseUrl, max: 1, connectionTimeoutMillis: SEND_TIMEOUT_MS });
  sender.on("error", (error) => logger.warn("socket.io postgres adapter: sender connection closed", { error: error.message }));
  sender.on("connect", (client) => client.on("error", (error) => logger.warn("socket.io postgres adapter: sender connection failed", { error: error.message })));

  let listening = false;
  let everListened = false;
  let firstListen: () => void = () => {};
  const listened = new Promise<void>((resolve) => (firstListen = resolve));
  let sendFailing = false;
  let closed = false;

  const listenConnections = {
    async connect() {
      const client = new pg.Client({ connectionString: config.databaseUrl, connectionTimeoutMillis: SEND_TIMEOUT_MS });
      // Reported here; the adapter sees the connection end and schedules its own reconnection.
      client.on("error", (error) => logger.warn("socket.io postgres adapter: LISTEN connection failed", { error: error.message }));
      client.on("end", () => {
        if (listening && !closed) logger.warn("socket.io postgres adapter: LISTEN connection lost; reconnecting");
        listening = false;
      });
      await client.connect();
      const query = client.query.bind(client) as (text: string) => Promise<unknown>;
      // The adapter LISTENs right after connecting: once that succeeds, this node hears again.
      (client as unknown as { query: (text: string) => Promise<unknown> }).query = async (text: string) => {
        const result = await query(text);
        if (text.startsWith("LISTEN") && !listening) {
          listening = true;
          if (everListened) {
            logger.info("socket.io postgres adapter: listening again; sockets catch up");
            recovered.notify("local");
          }
          everListened = true;
          firstListen();
        }
        return result;
      };
      (client as unknown as { release: () => void }).release = () => void client.end().catch(() => undefined);
      return client;
    },
    async query(text: string, params?: unknown[]) {
      try {
        const result = await sender.query(text, params);
        if (sendFailing) {
          sendFailing = false;
          logger.info("socket.io postgres adapter: sending again; every node's sockets catch up");
          recovered.notify("cluster");
        }
        return result;
      } catch (error) {
        sendFailing = true;
        throw error;
      }
    },
  };

  const adapter = createPostgresAdapter(listenConnections as unknown as pg.Pool, {
    heartbeatInterval: config.heartbeatIntervalMs ?? 5_000,
    heartbeatTimeout: (config.heartbeatIntervalMs ?? 5_000) * 2,
    errorHandler: (error) => logger.warn("socket.io postgres adapter", { error: error.message }),
  });
  return {
    kind: "postgres",
    adapter,
    // Serving starts once this node hears the others (so /healthz is right from the first
    // request), but not later than LISTEN_READY_TIMEOUT_MS: pages need no live link, and the
    // adapter keeps retrying in the background.
    ready: Promise.race([
      listened,
      new Promise<void>((resolve) =>
        setTimeout(() => {
          if (!listening) logger.warn("socket.io postgres adapter: not listening yet; serving anyway, live events start when it is");
          resolve();
        }, LISTEN_READY_TIMEOUT_MS).unref(),
      ),
    ]),
    isUp: () => listening && !sendFailing,
    onRecovered: recovered.add,
    close: async () => {
      closed = true;
      await sender.end();
    },
  };
}

/**
 * node-redis reconnects by itself and re-subscribes; commands issued while it is away wait in
 * its offline queue. What it cannot bring back is what others published while the subscriber
 * was gone, so each reconnection of the subscriber tells this node's sockets to catch up.
 */
function redisLink(config: Extract<AdapterConfig, { kind: "redis" }>, logger: Logger): ClusterLink {
  // Loaded only by nodes configured for Redis: the client and its adapter are about 30 MB of
  // resident memory a single node (the default, on PostgreSQL's adapter) would hold for nothing.
  const require = createRequire(import.meta.url);
  const { createClient } = require("redis") as typeof import("redis");
  const { createAdapter: createRedisAdapter } = require("@socket.io/redis-adapter") as typeof import("@socket.io/redis-adapter");
  const recovered = recoveryListeners();
  const pub = createClient({ url: config.redisUrl, socket: { reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 3_000) } });
  const sub = pub.duplicate();
  for (const [name, client] of [["publisher", pub], ["subscriber", sub]] as const) {
    client.on("error", (error: Error) => logger.warn(`socket.io redis adapter ${name}`, { error: error.message }));
  }
  let subReadyBefore = false;
  sub.on("ready", () => {
    if (subReadyBefore) {
      logger.info("socket.io redis adapter: subscriber reconnected; sockets catch up");
      recovered.notify("local");
    }
    subReadyBefore = true;
  });
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
    isUp: () => pub.isReady && sub.isReady,
    onRecovered: recovered.add,
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
