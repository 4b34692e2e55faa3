import type { IncomingMessage, Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import { isAppError, isDatabaseUnavailable } from "../lib/errors";
import { sameOrigin } from "../server/origin-guard";
import { loadVisibleThread } from "../services/community/queries";
import type { AppContext } from "../services/context";
import { can } from "../services/guardian";
import { openClusterLink, type AdapterConfig } from "./cluster-adapter.server";
import { deliverNotifications, relayDomainEvents } from "./domain-relay.server";
import { watchIdentity } from "./identity-watch.server";
import { keyedQueue } from "./keyed-queue";
import { presenceCounter } from "./presence.server";
import { HARVEST_ROOM, parseThreadRef, STAFF_ROOM, threadRoom, userRoom, type AckReply } from "./protocol";
import type { RealtimeServer, RealtimeSocket } from "./server-types";
import { actorFromSnapshot, authenticateHandshake, forgetCredentials, HandshakeRefusal, snapshotActor } from "./socket-identity.server";
import { DEFAULT_LIMITS, minInterval, slidingWindow, type RealtimeLimits } from "./socket-limits";
import { loadThreadFacts, threadFanout } from "./thread-fanout.server";

export type { SocketData } from "./socket-identity.server";
export type { RealtimeServer } from "./server-types";

export interface RealtimeOptions {
  /** Memory unless told: server.ts picks Postgres or Redis with adapterConfigFor(). */
  adapter?: AdapterConfig;
  limits?: Partial<RealtimeLimits>;
  /** The database that announces ended sessions and tokens (identity-watch.server.ts). */
  identityDatabaseUrl?: string;
  /** Whether a connecting address is a proxy whose X-Forwarded-Proto counts (TRUST_PROXY). */
  trustsProxy?: (address: string) => boolean;
}

export interface Realtime {
  io: RealtimeServer;
  /** Resolves when the cluster link is up; `listen()` waits for it. */
  ready: Promise<void>;
  /** Whether live events can reach every node right now (for /healthz). */
  isUp(): boolean;
  /** Stops fanning out, closes every socket and the adapter, then its pool or Redis clients. */
  close(): Promise<void>;
}

const MAX_CLIENT_MESSAGE_BYTES = 16 * 1024;

/** X-Forwarded-Proto counts only from a proxy TRUST_PROXY names, as for HTTP requests. */
function protocolOf(req: IncomingMessage, trustsProxy: (address: string) => boolean): string {
  const forwarded = req.headers["x-forwarded-proto"];
  if (typeof forwarded === "string" && trustsProxy(req.socket.remoteAddress ?? "")) return forwarded.split(",")[0]!.trim();
  return "encrypted" in req.socket && req.socket.encrypted ? "https" : "http";
}

const refusal = (code: string, message: string): AckReply => ({ error: { code, message } });
const threadRoomsOf = (socket: RealtimeSocket) => [...socket.rooms].filter((room) => room.startsWith("thread:"));

/**
 * Socket.IO on the app's own HTTP server. Browsers may connect only from our own origin or a
 * configured one (ALLOWED_ORIGINS); clients without an Origin header (servers, tests) are let
 * through like API calls, and authenticate with a token. The socket only pushes: every write
 * goes through HTTP, and the guardian decides every join and every delivery.
 */
export function attachRealtime(httpServer: HttpServer, app: AppContext, options: RealtimeOptions = {}): Realtime {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const logger = app.logger.child("realtime");
  const link = openClusterLink(options.adapter ?? { kind: "memory" }, logger);
  const { allowedOrigins } = app.config;

  const io: RealtimeServer = new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: MAX_CLIENT_MESSAGE_BYTES,
    adapter: link.adapter,
    // Only configured origins need CORS headers (a same-origin page needs none).
    cors: allowedOrigins.length > 0 ? { origin: allowedOrigins, credentials: true } : undefined,
    allowRequest: (req, callback) => {
      const origin = req.headers.origin;
      if (!origin) return callback(null, true);
      callback(null, sameOrigin(origin, req.headers.host, protocolOf(req, options.trustsProxy ?? (() => false)), allowedOrigins));
    },
  });

  io.use((socket, next) => {
    authenticateHandshake(socket, app)
      .then(({ actor, credentialRoom }) => {
        socket.data.viewer = snapshotActor(actor);
        socket.data.credentialRoom = credentialRoom;
        forgetCredentials(socket);
        next();
      })
      .catch((error: unknown) => {
        // The client sees the message in connect_error: ours are meant for it, anything else is not.
        if (error instanceof HandshakeRefusal) return next(error);
        logger.error("socket handshake failed", { error });
        next(new Error("Could not check who you are; try again."));
      });
  });

  const queue = keyedQueue<number>((error) => {
    // Presence and typing are hints: while the database restarts they are skipped, not errors.
    if (isDatabaseUnavailable(error)) logger.warn("live hint skipped: database unavailable", { error: (error as Error).message });
    else logger.error("fan-out failed", { error });
  });
  const fanout = threadFanout(io);
  const presence = presenceCounter({
    io,
    throttleMs: limits.presenceThrottleMs,
    inThreadQueue: (threadId, task) => void queue.run(threadId, task),
    loadThread: (threadId) => loadThreadFacts(app.db, threadId),
    send: async (thread, count) => {
      await fanout.send(thread, { name: "presence", payload: { threadId: thread.id, count } });
    },
  });

  io.on("connection", (socket) => {
    const actor = actorFromSnapshot(socket.data.viewer);
    // Notifications need no join: a signed-in socket is always in its own user's room, and in
    // its credential's, so that ending either disconnects it (identity-watch.server.ts).
    if (actor) void socket.join(userRoom(actor.id));
    if (socket.data.credentialRoom) void socket.join(socket.data.credentialRoom);
    if (can(actor, "mod.view")) void socket.join(STAFF_ROOM);
    if (can(actor, "harvest.run")) void socket.join(HARVEST_ROOM);
    // Every message counts, whatever its event: a client that floods (tens of thousands of frames)
    // is cut off after a bounded amount of work, before any handler runs for the excess.
    const messageLimit = slidingWindow(limits.messagesPerWindow, limits.messageWindowMs);
    socket.use((_packet, next) => {
      if (messageLimit.tryTake()) return next();
      logger.warn("socket flooding: disconnected", { socket: socket.id, limit: limits.messagesPerWindow });
      socket.disconnect(true);
    });
    const joinLimit = slidingWindow(limits.joinsPerWindow, limits.joinWindowMs);
    const typingLimit = minInterval(limits.typingIntervalMs);
    let joinsInFlight = 0;

    const answer = (ack: unknown, reply: AckReply) => {
      if (typeof ack === "function") ack(reply);
    };

    socket.on("thread:join", async (payload, ack) => {
      const threadId = parseThreadRef(payload);
      if (!threadId) return answer(ack, refusal("bad_request", "Send {threadId} with a thread's id."));
      if (!joinLimit.tryTake()) return answer(ack, refusal("rate_limited", "Too many joins; wait a few seconds."));
      const room = threadRoom(threadId);
      if (socket.rooms.has(room)) return answer(ack, { ok: true });
      if (threadRoomsOf(socket).length + joinsInFlight >= limits.maxThreadsPerSocket) {
        return answer(ack, refusal("too_many_rooms", `A connection can follow at most ${limits.maxThreadsPerSocket} threads.`));
      }
      joinsInFlight++;
      try {
        // Fresh from the database: a thread hidden a moment ago is refused like one that never existed.
        await loadVisibleThread(app.db, actor, threadId);
        if (!socket.connected) return;
        await socket.join(room);
        answer(ack, { ok: true });
        presence.schedule(threadId);
      } catch (error) {
        if (isAppError(error) && error.status < 500) return answer(ack, refusal(error.code, error.message));
        logger.error("thread:join failed", { threadId, error });
        answer(ack, refusal("internal", "Something went wrong on our side."));
      } finally {
        joinsInFlight--;
      }
    });

    socket.on("thread:leave", async (payload, ack) => {
      const threadId = parseThreadRef(payload);
      if (!threadId) return answer(ack, refusal("bad_request", "Send {threadId} with a thread's id."));
      await socket.leave(threadRoom(threadId));
      answer(ack, { ok: true });
      presence.schedule(threadId);
    });

    socket.on("typing", (payload) => {
      const threadId = parseThreadRef(payload);
      // Dropped silently: typing is a hint, and a flood of refusals would be noise of its own.
      if (!threadId || !actor || !socket.rooms.has(threadRoom(threadId)) || !typingLimit.tryTake()) return;
      void queue.run(threadId, async () => {
        const thread = await loadThreadFacts(app.db, threadId);
        // "Someone is replying" is only true of someone who may reply (not suspended, thread open).
        if (!thread || !can(actor, "thread.reply", thread.target)) return;
        await fanout.send(thread, { name: "typing", payload: { threadId, user: { handle: actor.handle } } }, { exceptSocketId: socket.id });
      });
    });

    socket.on("health", (ack) => {
      if (typeof ack === "function") ack({ ok: true, user: actor ? { id: actor.id, handle: actor.handle } : null });
    });

    socket.on("disconnecting", () => {
      for (const room of threadRoomsOf(socket)) presence.schedule(Number(room.slice("thread:".length)));
    });
  });

  // Access that ends (logout, suspension, role or password change, revoked token) ends sockets.
  const identity = options.identityDatabaseUrl ? watchIdentity(io, options.identityDatabaseUrl, logger) : null;

  // Other nodes' notification batches, for the sockets of this node.
  io.on("notifications:deliver", (items) => deliverNotifications(io, items));
  const unsubscribe = relayDomainEvents({
    io,
    app,
    fanout,
    queue,
    onRemoved: (threadId) => presence.schedule(threadId),
    shareNotifications: link.kind === "memory" ? () => {} : (items) => io.serverSideEmit("notifications:deliver", items),
  });
  // Events sent while the link was cut are gone: the sockets that may have missed them fetch
  // what they show again, instead of silently showing a thread that stopped moving.
  link.onRecovered((scope) => {
    const reason = "the live connection between servers was restored";
    if (scope === "local") io.local.emit("resync", { reason });
    else io.emit("resync", { reason });
  });

  return {
    io,
    ready: link.ready,
    isUp: link.isUp,
    close: async () => {
      unsubscribe();
      await identity?.close();
      presence.close();
      await queue.drain();
      // io.close() also closes the HTTP server; its callback waits for requests in flight.
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await link.close();
    },
  };
}
