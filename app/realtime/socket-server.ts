import type { Server as HttpServer } from "node:http";
import { Server, type Socket } from "socket.io";
import { sameOrigin } from "../server/origin-guard";
import { userForApiToken } from "../services/api-tokens.server";
import { toActor } from "../services/auth.server";
import type { AppContext } from "../services/context";
import type { Actor } from "../services/guardian";
import { userForSession } from "../services/sessions.server";

export interface SocketData {
  actor: Actor | null;
}

export type GleanerSocket = Socket<Record<string, never>, Record<string, never>, Record<string, never>, SocketData>;

/** Who is on the other end: the session cookie, else `auth: {token}`, else an anonymous reader. */
async function authenticate(socket: Socket, app: AppContext): Promise<Actor | null> {
  const token = socket.handshake.auth?.token;
  if (typeof token === "string" && token) {
    const user = await userForApiToken(app.db, token);
    if (!user) throw new Error("The API token is invalid, expired or revoked.");
    return toActor(user, "token");
  }
  const sessionToken = await app.sessionCookie.parse(socket.handshake.headers.cookie ?? null);
  if (typeof sessionToken !== "string" || !sessionToken) return null;
  const user = await userForSession(app.db, sessionToken);
  return user ? toActor(user, "session") : null;
}

/**
 * Socket.IO on the app's own HTTP server. Browsers may connect only from our own origin (or a
 * configured one); clients without an Origin header (servers, tests) are allowed like API calls.
 */
export function attachRealtime(httpServer: HttpServer, app: AppContext): Server {
  const io = new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: 16 * 1024,
    allowRequest: (req, callback) => {
      const origin = req.headers.origin;
      if (!origin) return callback(null, true);
      const protocol = (req.headers["x-forwarded-proto"] as string | undefined)?.split(",")[0] ?? "http";
      callback(null, sameOrigin(origin, req.headers.host, protocol, app.config.allowedOrigins));
    },
  });

  io.use((socket, next) => {
    authenticate(socket, app)
      .then((actor) => {
        (socket.data as SocketData).actor = actor;
        next();
      })
      .catch((error: Error) => next(error));
  });

  io.on("connection", (socket) => {
    const data = socket.data as SocketData;
    // A liveness probe for clients and monitors: who the server thinks you are.
    socket.on("health", (ack?: unknown) => {
      if (typeof ack === "function") ack({ ok: true, user: data.actor ? { id: data.actor.id, handle: data.actor.handle } : null });
    });
  });

  return io;
}
