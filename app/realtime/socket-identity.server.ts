import type { Socket } from "socket.io";
import { hashToken } from "../lib/tokens.server";
import { apiTokenIdentity } from "../services/api-tokens.server";
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
  credentialRoom: string | null;
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

export interface HandshakeIdentity {
  actor: Actor | null;
  /**
   * Rooms naming the credential the socket was opened with (`session:<id>` or `token:<id>`),
   * besides `user:<id>`: when that credential ends, exactly its sockets are disconnected.
   */
  credentialRoom: string | null;
}

export const sessionRoom = (sessionId: string) => `session:${sessionId}`;
export const tokenRoom = (tokenId: number) => `token:${tokenId}`;

/** Who is on the other end: `auth: {token}` (an API token), else the session cookie, else anonymous. */
export async function authenticateHandshake(socket: Socket, app: AppContext): Promise<HandshakeIdentity> {
  const token: unknown = socket.handshake.auth?.token;
  if (typeof token === "string" && token) {
    const found = await apiTokenIdentity(app.db, token);
    if (!found) throw new HandshakeRefusal("The API token is invalid, expired or revoked.");
    return { actor: toActor(found.user, "token"), credentialRoom: tokenRoom(found.tokenId) };
  }
  const sessionToken: unknown = await app.sessionCookie.parse(socket.handshake.headers.cookie ?? null);
  if (typeof sessionToken !== "string" || !sessionToken) return { actor: null, credentialRoom: null };
  const user = await userForSession(app.db, sessionToken);
  // Sessions are stored by the hash of their token: the room is named by that hash, never the token.
  return user ? { actor: toActor(user, "session"), credentialRoom: sessionRoom(hashToken(sessionToken)) } : { actor: null, credentialRoom: null };
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
