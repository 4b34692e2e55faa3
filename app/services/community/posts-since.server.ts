import { z } from "zod";
import type { Db } from "../../../db/index";
import { idSchema, parseInput, says, zmsg } from "../../lib/validation";
import { can, type Actor } from "../guardian";
import type { PostTarget, ThreadTarget } from "../guardian/community-policy";
import { loadVisibleThread, selectPosts } from "./queries";
import { postPermissions } from "./post-permissions";
import { postTarget, toPostView, type PostView } from "./views";

export const MAX_POSTS_SINCE = 200;

const sinceSchema = z.object({
  afterId: z.coerce.number().int(says.wholeNumber("afterId")).min(0, zmsg("validation.notNegative", { field: "afterId" })).max(2_147_483_647).default(0),
  limit: z.coerce.number().int(says.wholeNumber("limit")).min(1).max(MAX_POSTS_SINCE, zmsg("validation.atMostNumber", { field: "limit", max: MAX_POSTS_SINCE })).default(100),
});

export interface PostsSince {
  posts: PostView[];
  /** Pass as `afterId` for the rest; null when this was the last of them. */
  next: number | null;
}

/**
 * The posts of a thread after a given post id, in thread order: how a live page catches up after
 * its socket was away (and closes the gap between rendering and joining). Post ids only grow,
 * and within a thread they grow in the order posts were committed (a reply takes its id while
 * holding the thread's lock), so "id > afterId" misses nothing that was committed before.
 *
 * The thread must be visible to the actor, and each post is shown only if the guardian lets the
 * actor see it, exactly as on the thread page.
 */
export async function listPostsSince(db: Db, actor: Actor | null, threadId: unknown, input: unknown = {}): Promise<PostsSince> {
  const id = parseInput(idSchema, threadId);
  const { afterId, limit } = parseInput(sinceSchema, input);
  const thread = await loadVisibleThread(db, actor, id);

  const rows = await selectPosts(db)
    .where("posts.thread_id", "=", id)
    .where("posts.id", ">", afterId)
    // Deleted posts are gone for everyone in a thread view (staff see them elsewhere).
    .where("posts.status", "!=", "deleted")
    .orderBy("posts.number")
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const visible = page.filter((row) => can(actor, "post.view", postTarget(row, thread.target)));

  const voted = new Set<number>();
  if (actor && visible.length > 0) {
    const votes = await db
      .selectFrom("post_votes")
      .select("post_id")
      .where("user_id", "=", actor.id)
      .where("post_id", "in", visible.map((row) => row.id))
      .execute();
    for (const vote of votes) voted.add(vote.post_id);
  }
  const posts = visible.map((row) => toPostView(row, postPermissions(actor, postTarget(row, thread.target), voted.has(row.id))));
  return { posts, next: rows.length > limit ? page[page.length - 1]!.id : null };
}

export interface LiveViewer {
  viewerId: number | null;
  /** The viewer's actions on a new visible reply of their own, and on one by someone else. */
  mine: PostView["viewer"] | null;
  others: PostView["viewer"];
}

/**
 * Posts pushed over the socket carry no viewer-specific flags (one payload goes to everyone).
 * The page asks the guardian once, while rendering, what this viewer may do with a new reply
 * (their own, and somebody else's) and applies that to replies that arrive live; the actions
 * themselves are checked again when used, as always.
 */
export async function liveViewerFor(db: Db, actor: Actor | null, threadId: unknown): Promise<LiveViewer> {
  const thread = await loadVisibleThread(db, actor, parseInput(idSchema, threadId));
  const flags = (target: PostTarget) => postPermissions(actor, target, false);
  const reply = (authorId: number, target: ThreadTarget): PostTarget => ({ authorId, status: "visible", isOpening: false, thread: target });
  return {
    viewerId: actor?.id ?? null,
    mine: actor ? flags(reply(actor.id, thread.target)) : null,
    // No user has id 0: "a reply by somebody else".
    others: flags(reply(0, thread.target)),
  };
}
