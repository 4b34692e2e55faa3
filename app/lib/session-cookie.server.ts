import { createCookie, type Cookie } from "@remix-run/node";
import type { Config } from "./config.server";

export const SESSION_TTL_DAYS = 30;

/**
 * The cookie holds only a signed random token; the session itself lives in PostgreSQL, so
 * logging out, suspending a user or changing their role takes effect on the next request.
 */
export function createSessionCookie(config: Pick<Config, "sessionSecrets" | "secureCookies">): Cookie {
  // Over https the __Host- prefix binds the cookie to this exact host: no subdomain can set or
  // shadow it (browsers accept it only with Secure, Path=/ and no Domain, which we send).
  return createCookie(config.secureCookies ? "__Host-gleaner_session" : "gleaner_session", {
    httpOnly: true,
    sameSite: "lax",
    secure: config.secureCookies,
    path: "/",
    secrets: config.sessionSecrets,
    maxAge: SESSION_TTL_DAYS * 24 * 60 * 60,
  });
}
