import { errorIn, headerLocaleOf } from "../lib/error-text.server";
import type { User } from "../../db/schema";
import { unauthorized, msg, type Message } from "../lib/errors";
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
    locale: user.locale,
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

/**
 * A credential that does not resolve ends the request with a 401 in the API's format, thrown as
 * a Response: it then means the same wherever it is thrown (an API route, a page's loader or
 * action, a `_data` request), instead of an unexpected error in the routes that do not map it.
 */
function refused(request: Request, message: Message): Response {
  const error = unauthorized(message);
  // The actor is what failed, so the language comes from the request alone.
  const text = errorIn(headerLocaleOf(request), error).message;
  return new Response(JSON.stringify({ error: { code: error.code, message: text } }), {
    status: 401,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", "WWW-Authenticate": 'Bearer realm="gleaner"' },
  });
}

async function resolveActor(request: Request, app: AppContext): Promise<Actor | null> {
  const authorization = request.headers.get("Authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) throw refused(request, msg("auth.badAuthorization"));
    const user = await userForApiToken(app.db, match[1]!);
    if (!user) throw refused(request, msg("auth.badToken"));
    return toActor(user, "token");
  }
  const token = await sessionTokenOf(request, app);
  if (!token) return null;
  const user = await userForSession(app.db, token);
  return user ? toActor(user, "session") : null;
}
