/**
 * Ends live sockets when the access they were opened with ends. The database announces every
 * revoked session, role / suspension / password change and revoked token on `gleaner_identity`
 * (migration 0011); each node listens on a connection of its own and disconnects its own sockets
 * in the matching room: the session's, the token's, or all of the user's. A disconnected page
 * reconnects and is authenticated again, as whoever it now is (anonymous after a logout).
 *
 * NOTIFY is not kept while a node is not listening: after this connection comes back from a
 * cut, every signed-in socket of the node is disconnected once, since one of them may have lost
 * its access meanwhile. They reconnect within a second; a reader loses nothing.
 */
import pg from "pg";
import type { Logger } from "../lib/logger.server";
import { userRoom } from "./protocol";
import type { RealtimeServer } from "./server-types";
import { sessionRoom, tokenRoom } from "./socket-identity.server";

const CHANNEL = "gleaner_identity";

interface IdentityChange {
  session?: string;
  token?: number;
  user?: number;
}

/** The room whose sockets an identity change ends: the narrowest one it names. */
export function roomFor(change: IdentityChange): string | null {
  if (typeof change.session === "string") return sessionRoom(change.session);
  if (typeof change.token === "number") return tokenRoom(change.token);
  if (typeof change.user === "number") return userRoom(change.user);
  return null;
}

export function watchIdentity(io: RealtimeServer, databaseUrl: string, logger: Logger): { close(): Promise<void> } {
  let client: pg.Client | null = null;
  let closed = false;
  let connectedBefore = false;
  let retry: NodeJS.Timeout | undefined;

  const disconnectSignedIn = () => {
    for (const socket of io.of("/").sockets.values()) if (socket.data.viewer) socket.disconnect(true);
  };

  /** Once per lost connection, however it was lost (a failed connect, an 'end' after a cut). */
  const reconnectLater = (lost: pg.Client) => {
    if (client === lost) client = null;
    if (closed || (lost as { retrying?: boolean }).retrying) return;
    (lost as { retrying?: boolean }).retrying = true;
    retry = setTimeout(() => void connect(), 1_000 + Math.random() * 1_000);
  };

  const connect = async () => {
    if (closed) return;
    const next = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
    next.on("error", (error) => logger.warn("identity watch: connection failed", { error: error.message }));
    next.on("end", () => reconnectLater(next));
    next.on("notification", (message) => {
      try {
        const room = roomFor(JSON.parse(message.payload ?? "{}") as IdentityChange);
        if (room) io.local.in(room).disconnectSockets(true);
      } catch (error) {
        logger.warn("identity watch: unreadable notification", { error: (error as Error).message });
      }
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${CHANNEL}`);
      client = next;
      if (connectedBefore) {
        logger.info("identity watch: listening again; signed-in sockets reconnect to be checked");
        disconnectSignedIn();
      }
      connectedBefore = true;
    } catch {
      await next.end().catch(() => undefined);
      reconnectLater(next);
    }
  };
  void connect();

  return {
    close: async () => {
      closed = true;
      clearTimeout(retry);
      await client?.end().catch(() => undefined);
    },
  };
}
