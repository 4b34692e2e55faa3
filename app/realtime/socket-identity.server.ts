import type { Socket } from "socket.io";
import { userForApiToken } from "../services/api-tokens.server";
import { toActor } from "../services/auth.server";
import type { AppContext } from "../services/context";
import type { Actor } from "../services/guardian";
import { userForSession } from "../services/sessions.server";

/**
 * Who is behind a socket, kept in `socket.data`. Socket.IO copies `data` to other nodes when
 * one asks `fetchSockets()` (JSON through NOTIFY, MessagePack through Redis or the attachments
 * table), and Dates do not survive every one of those trips the same way: the actor travels as
 * plain values and the names of its Date fields, and is rebuilt before the guardian sees it.
 */
export interface ActorSnapshot {
  values: Record<string, string | number | boolean | null>;
  dateFields: string[];
}

export interface SocketData {
  viewer: ActorSnapshot | null;
}

export function snapshotActor(actor: Actor | null): ActorSnapshot | null {
  if (!actor) return null;
  const values: ActorSnapshot["values"] = {};
  const dateFields: string[] = [];
  for (const [key, value] of Object.entries(actor)) {
    if (value instanceof Date) {
      values[key] = value.toISOString();
      dateFields.push(key);
    } else if (value === null || ["string", "number", "boolean"].includes(typeof value)) {
      values[key] = value as string | number | boolean | null;
    }
  }
  return { values, dateFields };
}

export function actorFromSnapshot(snapshot: ActorSnapshot | null | undefined): Actor | null {
  if (!snapshot) return null;
  const rebuilt: Record<string, unknown> = { ...snapshot.values };
  for (const key of snapshot.dateFields) {
    const value = snapshot.values[key];
    rebuilt[key] = typeof value === "string" ? new Date(value) : null;
  }
  return rebuilt as unknown as Actor;
}

/** A handshake refused for a reason the client should read (a bad token). */
export class HandshakeRefusal extends Error {}

/** Who is on the other end: `auth: {token}` (an API token), else the session cookie, else anonymous. */
export async function authenticateHandshake(socket: Socket, app: AppContext): Promise<Actor | null> {
  const token: unknown = socket.handshake.auth?.token;
  if (typeof token === "string" && token) {
    const user = await userForApiToken(app.db, token);
    if (!user) throw new HandshakeRefusal("The API token is invalid, expired or revoked.");
    return toActor(user, "token");
  }
  const sessionToken: unknown = await app.sessionCookie.parse(socket.handshake.headers.cookie ?? null);
  if (typeof sessionToken !== "string" || !sessionToken) return null;
  const user = await userForSession(app.db, sessionToken);
  return user ? toActor(user, "session") : null;
}

/**
 * Once authenticated, the credentials leave the handshake: Socket.IO sends the handshake of
 * every matching socket to the asking node on `fetchSockets()`, which would put session
 * cookies and API tokens into NOTIFY payloads, the attachments table or Redis.
 */
export function forgetCredentials(socket: Socket): void {
  delete socket.handshake.headers.cookie;
  delete socket.handshake.headers.authorization;
  socket.handshake.auth = {};
}
