import type { Role } from "../../../db/schema";
import type { PostTarget } from "./community-policy";
import { activeUser, allow, deny, withRole, type Actor, type Decision } from "./types";
import { msg } from "../../lib/errors";

const STAFF: Role[] = ["moderator", "admin"];
const staffOnly = (actor: Actor | null) => withRole(actor, STAFF, "moderators");

/** Acting on a user: staff act on members; only admins act on staff; nobody on themselves. */
function actOnUser(actor: Actor | null, target: { userId: number; role: Role }): Decision {
  const gate = staffOnly(actor);
  if (!gate.allowed) return gate;
  if (actor!.id === target.userId) return deny(msg("guardian.ownAccount"));
  if (target.role !== "member" && actor!.role !== "admin") return deny(msg("guardian.staffAccounts"));
  return allow();
}

/** Keeping the community healthy: the review queue, thread surgery, user discipline, audit. */
export const moderationPolicy = {
  /** The queue, the audit log, the health page and canned replies: moderators and admins only. */
  "mod.view": staffOnly,
  "mod.posts": staffOnly,
  "mod.threads": staffOnly,
  "mod.cannedReplies": staffOnly,
  "mod.users": actOnUser,
  "settings.manage": (actor: Actor | null) => withRole(actor, ["admin"], "admins"),

  /** Any member may flag a post they can see, once, but not their own. */
  "post.flag": (actor: Actor | null, post: PostTarget): Decision => {
    const gate = activeUser(actor);
    if (!gate.allowed) return gate;
    if (post.status !== "visible" || post.thread.hidden) return deny(msg("guardian.postUnavailable"));
    if (actor!.id === post.authorId) return deny(msg("guardian.flagOwnPost"));
    return allow();
  },
} satisfies Record<string, (actor: Actor | null, target: never) => Decision>;
