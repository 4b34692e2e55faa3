import { randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { msg } from "../lib/errors";
import { messageIn } from "../lib/error-text.server";
import { pseudoLocaleEnabled } from "../i18n/i18n.server";
import { negotiateLocale } from "../i18n/negotiate";

/**
 * Headers every answer carries, and a fresh Content-Security-Policy nonce per request: scripts
 * run only from our own origin or with this response's nonce (entry.server.tsx puts it on every
 * script tag React and Remix write), so an injected inline script has nowhere to run.
 */
export function securityHeaders(options: { hsts: boolean; dev: boolean }) {
  return (_req: Request, res: Response, next: NextFunction) => {
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "same-origin");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader(
      "Content-Security-Policy",
      [
        "default-src 'self'",
        `script-src 'self' 'nonce-${nonce}'`,
        // React's style={{…}} attributes are inline styles; styles cannot run code.
        "style-src 'self' 'unsafe-inline'",
        // Posts may show images from any web address (sanitized to http/https).
        "img-src 'self' https: http: data:",
        // Socket.IO on our own origin; the dev server's live reload has a port of its own.
        options.dev ? "connect-src 'self' ws: wss:" : "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
      ].join("; "),
    );
    if (options.hsts) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    next();
  };
}

const SESSION_COOKIE = /(?:^|;\s*)(?:__Host-)?gleaner_session=/;

/** A request that carries someone's identity: a session cookie or a bearer token. */
export function isPersonalRequest(req: Request): boolean {
  return Boolean(req.headers.authorization) || SESSION_COOKIE.test(req.headers.cookie ?? "");
}

/**
 * An answer made for someone signed in (a session cookie or a bearer token) is theirs alone:
 * `Cache-Control: private, no-store` unless the route said otherwise, so no shared cache or
 * back button hands one person's moderation queue or e-mail addresses to the next.
 */
export function privateAnswers(req: Request, res: Response, next: NextFunction) {
  if (!isPersonalRequest(req)) return next();
  const writeHead = res.writeHead;
  res.writeHead = function (this: Response, ...args: Parameters<Response["writeHead"]>) {
    if (!this.getHeader("Cache-Control")) this.setHeader("Cache-Control", "private, no-store");
    this.setHeader("Vary", "Cookie, Authorization");
    return writeHead.apply(this, args);
  } as Response["writeHead"];
  next();
}

/**
 * Requests must name a host we serve (the configured origins, the address we listen on, or
 * loopback): a forged Host header cannot make us build links or origin checks for another site.
 * Unless we listen on every interface with no public origin configured: then any name is ours.
 */
export function hostCheck(allowedHosts: () => Set<string> | null) {
  return (req: Request, res: Response, next: NextFunction) => {
    const allowed = allowedHosts();
    const host = (req.headers.host ?? "").toLowerCase().replace(/:\d+$/, "");
    if (!allowed || allowed.has(host)) return next();
    // No lookups for a host we do not serve: the browser's language is enough.
    const locale = negotiateLocale(req.headers["accept-language"], { pseudo: pseudoLocaleEnabled() }) ?? "en";
    res.status(400).json({ error: { code: "bad_request", message: messageIn(locale, msg("http.unknownHost")) } });
  };
}

/** The host names a node answers for: configured origins, its listening address, loopback. */
export function hostsFor(listenHost: string, allowedOrigins: readonly string[]): Set<string> | null {
  const everywhere = listenHost === "0.0.0.0" || listenHost === "::" || listenHost === "";
  if (everywhere && allowedOrigins.length === 0) return null;
  const hosts = new Set(["localhost", "127.0.0.1", "[::1]"]);
  if (!everywhere) hosts.add(listenHost.includes(":") ? `[${listenHost}]` : listenHost.toLowerCase());
  for (const origin of allowedOrigins) {
    try {
      hosts.add(new URL(origin).hostname.toLowerCase());
    } catch {
      // an unparsable origin names no host
    }
  }
  return hosts;
}
