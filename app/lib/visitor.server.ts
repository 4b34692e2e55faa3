import { randomBytes } from "node:crypto";
import type { AppContext } from "../services/context";

const NAME = "gleaner_visitor";
/** Over https, like the session cookie: bound to this host (see session-cookie.server.ts). */
const SECURE_NAME = "__Host-gleaner_visitor";
const ONE_YEAR = 365 * 24 * 60 * 60;

/**
 * An anonymous reader's random id, so their "Was this helpful?" vote counts once and can be
 * changed. Random and meaningless on its own (the vote stores only its hash); HttpOnly.
 */
export function visitorIdOf(request: Request): string | null {
  const match = /(?:^|;\s*)(?:__Host-)?gleaner_visitor=([A-Za-z0-9_-]{16,64})(?:;|$)/.exec(request.headers.get("Cookie") ?? "");
  return match?.[1] ?? null;
}

/** The visitor id of this request, or a new one with the Set-Cookie header that keeps it. */
export function ensureVisitor(request: Request, app: Pick<AppContext, "config">): { visitorId: string; setCookie: string | null } {
  const existing = visitorIdOf(request);
  if (existing) return { visitorId: existing, setCookie: null };
  const visitorId = randomBytes(18).toString("base64url");
  const secure = app.config.secureCookies;
  return { visitorId, setCookie: `${secure ? SECURE_NAME : NAME}=${visitorId}; Path=/; Max-Age=${ONE_YEAR}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}` };
}
