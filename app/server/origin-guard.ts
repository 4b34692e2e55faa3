/**
 * Cross-site request refusal. Remix has no CSRF protection, so every state-changing request is
 * checked here before it reaches a route: browsers always label cross-site requests with
 * `Sec-Fetch-Site` and/or `Origin`, while API clients (curl, integrations with a bearer token)
 * send neither and are let through.
 */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

import { msg, type Message } from "../lib/errors";

export interface RequestFacts {
  method: string;
  host: string | undefined;
  protocol: string;
  origin: string | undefined;
  secFetchSite: string | undefined;
}

export function sameOrigin(origin: string, host: string | undefined, protocol: string, allowed: readonly string[]): boolean {
  if (allowed.includes(origin)) return true;
  if (!host) return false;
  return origin === `${protocol}://${host}`;
}

/** Returns why the request is refused (a message of the errors catalog), or null to let it through. */
export function crossSiteRefusal(facts: RequestFacts, allowedOrigins: readonly string[]): Message | null {
  if (SAFE_METHODS.has(facts.method.toUpperCase())) return null;
  if (facts.origin && facts.origin !== "null") {
    return sameOrigin(facts.origin, facts.host, facts.protocol, allowedOrigins)
      ? null
      : msg("http.crossOrigin", { origin: facts.origin });
  }
  if (facts.origin === "null") return msg("http.opaqueOrigin");
  if (facts.secFetchSite && facts.secFetchSite !== "same-origin" && facts.secFetchSite !== "none") {
    return msg("http.crossSite");
  }
  return null;
}
