import type { Role, UiLocale } from "../../../db/schema";

/** Who is acting: a signed-in user (by session or API token), or null for an anonymous reader. */
export interface Actor {
  id: number;
  handle: string;
  role: Role;
  trustLevel: number;
  companyId: number | null;
  suspendedUntil: Date | null;
  suspensionReason: string | null;
  /** Silenced users read, vote and flag, but may not post until this date. */
  silencedUntil: Date | null;
  /** The member's chosen interface language, if any. */
  locale?: UiLocale | null;
  via: "session" | "token";
}

export type Denial = { allowed: false; reason: string; needsLogin?: boolean; suspended?: boolean };
export type Decision = { allowed: true } | Denial;

export const allow = (): Decision => ({ allowed: true });
export const deny = (reason: string): Denial => ({ allowed: false, reason });
export const needsLogin = (reason = "You need to log in to do that."): Decision => ({
  allowed: false,
  reason,
  needsLogin: true,
});

export function isSuspended(actor: Actor, now = new Date()): boolean {
  return actor.suspendedUntil !== null && actor.suspendedUntil > now;
}

export function isSilenced(actor: Actor, now = new Date()): boolean {
  return actor.silencedUntil !== null && actor.silencedUntil > now;
}

/** Writing posts: an active user who is not silenced. */
export function canPost(actor: Actor | null): Decision {
  const gate = activeUser(actor);
  if (!gate.allowed) return gate;
  if (isSilenced(actor!)) {
    return deny(`You cannot post until ${actor!.silencedUntil!.toISOString().slice(0, 10)}: a moderator silenced your account.`);
  }
  return allow();
}

export const STAFF_ROLES: readonly Role[] = ["moderator", "admin"];

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return roles.includes(actor.role);
}

/**
 * The common gate for writing anything: signed in and not suspended. Suspended users keep
 * reading; every write they attempt is refused with the reason.
 */
export function activeUser(actor: Actor | null): Decision {
  if (!actor) return needsLogin();
  if (isSuspended(actor)) {
    const until = actor.suspendedUntil!.toISOString().slice(0, 10);
    return { ...deny(`Your account is suspended until ${until}.`), suspended: true };
  }
  return allow();
}

export function withRole(actor: Actor | null, roles: readonly Role[], what: string): Decision {
  const gate = activeUser(actor);
  if (!gate.allowed) return gate;
  return roles.includes(actor!.role) ? allow() : deny(`Only ${what} can do that.`);
}
