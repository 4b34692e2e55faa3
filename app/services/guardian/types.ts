import { englishOf, msg, type Message } from "../../lib/errors";
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

/** Why not: `reason` is the English text of `message` (a key of the `errors` catalog). */
export type Denial = { allowed: false; reason: string; message: Message; needsLogin?: boolean; suspended?: boolean };
export type Decision = { allowed: true } | Denial;

export const allow = (): Decision => ({ allowed: true });
export const deny = (message: Message): Denial => ({ allowed: false, reason: englishOf(message), message });
export const needsLogin = (message = msg("http.unauthorized")): Decision => ({
  ...deny(message),
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
    return deny(msg("guardian.silenced", { until: actor!.silencedUntil! }));
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
    return { ...deny(msg("guardian.suspended", { until: actor.suspendedUntil! })), suspended: true };
  }
  return allow();
}

/** Who may, as the refusal names them ("Only moderators can do that."): a key under guardian.only. */
export type RoleGroup = "moderators" | "admins" | "curators" | "productManagers" | "productManagersAndModerators" | "sales" | "productManagersAndSales" | "classifiers";

export function withRole(actor: Actor | null, roles: readonly Role[], who: RoleGroup): Decision {
  const gate = activeUser(actor);
  if (!gate.allowed) return gate;
  return roles.includes(actor!.role) ? allow() : deny(msg(`guardian.only.${who}`));
}
