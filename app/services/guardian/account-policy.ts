import { activeUser, allow, deny, needsLogin, type Actor, type Decision } from "./types";
import { msg } from "../../lib/errors";

/** Rules about one's own account. */
export const accountPolicy = {
  "account.register": (actor: Actor | null): Decision =>
    actor ? deny(msg("guardian.alreadyLoggedIn")) : allow(),

  "account.view": (actor: Actor | null): Decision => (actor ? allow() : needsLogin()),

  /** Only the owner changes a password; a suspended owner may still secure their account. */
  "account.changePassword": (actor: Actor | null, target: { userId: number }): Decision => {
    if (!actor) return needsLogin();
    if (actor.via === "token") return deny(msg("guardian.passwordByToken"));
    return actor.id === target.userId ? allow() : deny(msg("guardian.ownPassword"));
  },

  /** Public profiles are readable by everyone; the private parts only by the owner and admins. */
  "profile.viewPrivate": (actor: Actor | null, target: { userId: number }): Decision => {
    if (!actor) return needsLogin();
    return actor.id === target.userId || actor.role === "admin" ? allow() : deny(msg("guardian.private"));
  },

  "session.end": (actor: Actor | null): Decision => (actor ? allow() : needsLogin()),

  /** Anyone reads the community in the language they choose, suspended members included. */
  "locale.choose": (): Decision => allow(),
} satisfies Record<string, (actor: Actor | null, target: never) => Decision>;

export { activeUser };
