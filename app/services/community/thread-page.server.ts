import { z } from "zod";
import type { Db } from "../../../db/index";
import { idSchema, parseInput } from "../../lib/validation";
import { can, type Actor } from "../guardian";
import { recordReading } from "../moderation/trust.server";
import { postPermissions } from "./post-permissions";
import { loadVisibleThread, selectPosts, tagsByThread } from "./queries";
import { postTarget, threadUrl, toPostView, type PostRow, type PostView } from "./views";

export const POSTS_PER_PAGE = 50;

const pageSchema = z.object({
  after: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(POSTS_PER_PAGE),
});

export interface ThreadPage {
  thread: {
    id: number;
    title: string;
    kind: string;
    status: string;
    hidden: boolean;
    pinned: boolean;
    solved: boolean;
    acceptedPostId: number | null;
    ideaStatus: string | null;
    voteCount: number;
    postCount: number;
    url: string;
    category: { id: number; slug: string; name: string };
    author: { id: number; handle: string };
    tags: string[];
    createdAt: string;
    mergedIntoId: number | null;
    duplicateOfId: number | null;
    awaitingApproval: boolean;
  };
  /** The opening post, always shown first, whatever page of replies is open. */
  opening: PostView | null;
  /** The accepted answer, shown right under the question. */
  accepted: PostView | null;
  posts: PostView[];
  next: number | null;
  viewer: {
    votedIdea: boolean;
    follow: "watching" | "muted" | null;
    canReply: boolean;
    canVoteIdea: boolean;
    canSetIdeaStatus: boolean;
    canSeeHidden: boolean;
  };
}

/**
 * One page of a thread with everything the page shows, in a fixed number of queries however
 * many posts it holds: thread, tags, posts, the accepted answer, the viewer's votes and follow.
 */
export async function getThreadPage(db: Db, actor: Actor | null, threadId: unknown, input: unknown = {}): Promise<ThreadPage> {
  const id = parseInput(idSchema, threadId);
  const { after, limit } = parseInput(pageSchema, input);
  const thread = await loadVisibleThread(db, actor, id);
  const staff = can(actor, "thread.viewHidden");

  let postsQuery = selectPosts(db)
    .where("posts.thread_id", "=", id)
    .where("posts.number", ">", Math.max(after, 1))
    .orderBy("posts.number")
    .limit(limit + 1);
  // Readers see visible posts, their own pending ones; staff see everything but deletions.
  postsQuery = staff
    ? postsQuery.where("posts.status", "!=", "deleted")
    : postsQuery.where((eb) => eb.or([eb("posts.status", "=", "visible"), eb.and([eb("posts.status", "=", "pending"), eb("posts.author_id", "=", actor?.id ?? 0)])]));

  const specialIds = [thread.accepted_post_id].filter((x): x is number => x !== null);
  const [tags, rows, special] = await Promise.all([
    tagsByThread(db, [id]),
    postsQuery.execute(),
    selectPosts(db)
      .where("posts.thread_id", "=", id)
      .where((eb) => eb.or([eb("posts.number", "=", 1), ...(specialIds.length ? [eb("posts.id", "in", specialIds)] : [])]))
      .execute(),
  ]);
  const page = rows.slice(0, limit);
  const shownIds = [...page, ...special].map((p) => p.id);
  const [myVotes, myIdeaVote, follow] = actor
    ? await Promise.all([
        shownIds.length
          ? db.selectFrom("post_votes").select("post_id").where("user_id", "=", actor.id).where("post_id", "in", shownIds).execute()
          : Promise.resolve([]),
        thread.kind === "idea"
          ? db.selectFrom("idea_votes").select("thread_id").where("user_id", "=", actor.id).where("thread_id", "=", id).executeTakeFirst()
          : Promise.resolve(undefined),
        db.selectFrom("follows").select("level").where("user_id", "=", actor.id).where("thread_id", "=", id).executeTakeFirst(),
      ])
    : [[], undefined, undefined];
  const voted = new Set(myVotes.map((v) => v.post_id));
  const view = (row: PostRow) => toPostView(row, postPermissions(actor, postTarget(row, thread.target), voted.has(row.id)));
  const visible = (row: PostRow | undefined) => (row && can(actor, "post.view", postTarget(row, thread.target)) ? view(row) : null);

  // Reading counts towards trust level 1 and 2 (new members earn their way out of review).
  if (actor) await recordReading(db, actor, page.length + (after <= 1 ? 1 : 0));
  const openingRow = special.find((p) => p.number === 1);
  const acceptedRow = special.find((p) => p.id === thread.accepted_post_id);
  return {
    thread: {
      id: thread.id,
      title: thread.title,
      kind: thread.kind,
      status: thread.status,
      hidden: thread.hidden,
      pinned: thread.pinned,
      solved: thread.accepted_post_id !== null,
      acceptedPostId: thread.accepted_post_id,
      ideaStatus: thread.idea_status,
      voteCount: thread.vote_count,
      postCount: thread.post_count,
      url: threadUrl(thread.id),
      category: { id: thread.category_id, slug: thread.category_slug, name: thread.category_name },
      author: { id: thread.author_id, handle: thread.author_handle },
      tags: tags.get(id) ?? [],
      createdAt: thread.created_at.toISOString(),
      mergedIntoId: thread.merged_into_id,
      duplicateOfId: thread.duplicate_of_id,
      awaitingApproval: thread.awaiting_approval,
    },
    opening: visible(openingRow),
    accepted: visible(acceptedRow),
    posts: page.map(view),
    next: rows.length > limit ? page[page.length - 1]!.number : null,
    viewer: {
      votedIdea: Boolean(myIdeaVote),
      follow: follow?.level ?? null,
      canReply: can(actor, "thread.reply", thread.target),
      canVoteIdea: can(actor, "thread.vote", thread.target),
      canSetIdeaStatus: can(actor, "idea.setStatus", thread.target),
      canSeeHidden: can(actor, "thread.viewHidden"),
    },
  };
}
