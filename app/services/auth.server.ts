import type { User } from "../../db/schema";
import { unauthorized } from "../lib/errors";
import { userForApiToken } from "./api-tokens.server";
import type { AppContext } from "./context";
import type { Actor } from "./guardian";
import { userForSession } from "./sessions.server";

export function toActor(user: User, via: Actor["via"]): Actor {
  return {
    id: user.id,
    handle: user.handle,
    role: user.role,
    trustLevel: user.trust_level,
    companyId: user.company_id,
    suspendedUntil: user.suspended_until,
    suspensionReason: user.suspension_reason,
    silencedUntil: user.silenced_until,
    via,
  };
}

/** The raw session token from the signed cookie, or null (a tampered cookie reads as none). */
export async function sessionTokenOf(request: Request, app: AppContext): Promise<string | null> {
  const value = await app.sessionCookie.parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

/** Root and child loaders of one page view share the request: look the actor up once. */
const actorCache = new WeakMap<Request, Promise<Actor | null>>();

/**
 * Who sent this request: an API token (`Authorization: Bearer`) wins over the session cookie.
 * A bearer token that does not resolve is an error, not an anonymous request, so a broken
 * integration fails loudly instead of silently seeing less.
 */
export function actorFor(request: Request, app: AppContext): Promise<Actor | null> {
  let pending = actorCache.get(request);
  if (!pending) {
    pending = resolveActor(request, app);
    actorCache.set(request, pending);
  }
  return pending;
}

async function resolveActor(request: Request, app: AppContext): Promise<Actor | null> {
  const authorization = request.headers.get("Authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) throw unauthorized("The Authorization header must be 'Bearer <token>'.");
    const user = await userForApiToken(app.db, match[1]!);
    if (!user) throw unauthorized("The API token is invalid, expired or revoked.");
    return toActor(user, "token");
  }
  const token = await sessionTokenOf(request, app);
  if (!token) return null;
  const user = await userForSession(app.db, token);
  return user ? toActor(user, "session") : null;
}
