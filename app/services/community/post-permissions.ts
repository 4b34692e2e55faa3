import { can, type Actor } from "../guardian";
import type { PostTarget } from "../guardian/community-policy";
import type { PostView } from "./views";

/**
 * What one viewer may do with one post, as the guardian says: the flags every post on a page
 * (or arriving live) carries so the page shows only the buttons that will work.
 */
export function postPermissions(actor: Actor | null, target: PostTarget, voted: boolean): PostView["viewer"] {
  return {
    voted,
    canVote: can(actor, "post.vote", target),
    canEdit: can(actor, "post.edit", target),
    canAccept: can(actor, "post.accept", target),
    canFlag: can(actor, "post.flag", target),
    canModerate: can(actor, "mod.posts"),
  };
}
