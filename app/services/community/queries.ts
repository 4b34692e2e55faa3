import { sql } from "kysely";
import type { Db } from "../../../db/index";
import { notFound, msg } from "../../lib/errors";
import { can, type Actor } from "../guardian";
import { postTarget, threadTarget, type PostRow, type ThreadRow } from "./views";
import type { PostTarget, ThreadTarget } from "../guardian/community-policy";

/** How many posts of a thread readers see: what threads.post_count holds after any recount. */
export const visiblePostCount = (threadId: number) =>
  sql<number>`(select count(*) from posts where thread_id = ${threadId} and status = 'visible')`;

/** Threads with their author and category, selected under the ThreadRow aliases. */
export function selectThreads(db: Db) {
  return db
    .selectFrom("threads")
    .innerJoin("users as author", "author.id", "threads.author_id")
    .innerJoin("categories", "categories.id", "threads.category_id")
    .select([
      "threads.id",
      "threads.title",
      "threads.kind",
      "threads.status",
      "threads.hidden",
      "threads.awaiting_approval",
      "threads.pinned",
      "threads.accepted_post_id",
      "threads.idea_status",
      "threads.vote_count",
      "threads.post_count",
      "threads.created_at",
      "threads.last_post_at",
      "threads.author_id",
      "author.handle as author_handle",
      "threads.category_id",
      "categories.slug as category_slug",
      "categories.name as category_name",
    ]);
}

/** Posts with their author's handle, selected under the PostRow aliases. */
export function selectPosts(db: Db) {
  return db
    .selectFrom("posts")
    .innerJoin("users as author", "author.id", "posts.author_id")
    .select([
      "posts.id",
      "posts.thread_id",
      "posts.number",
      "posts.author_id",
      "author.handle as author_handle",
      "posts.body_html",
      "posts.status",
      "posts.reply_to_id",
      "posts.vote_count",
      "posts.revision",
      "posts.created_at",
      "posts.edited_at",
    ]);
}

/** Tag slugs for many threads in one query (lists must not query per thread). */
export async function tagsByThread(db: Db, threadIds: number[]): Promise<Map<number, string[]>> {
  const map = new Map<number, string[]>();
  if (threadIds.length === 0) return map;
  const rows = await db
    .selectFrom("thread_tags")
    .innerJoin("tags", "tags.id", "thread_tags.tag_id")
    .select(["thread_tags.thread_id", "tags.slug"])
    .where("thread_tags.thread_id", "in", threadIds)
    .orderBy("tags.slug")
    .execute();
  for (const r of rows) map.set(r.thread_id, [...(map.get(r.thread_id) ?? []), r.slug]);
  return map;
}

export type LoadedThread = ThreadRow & { merged_into_id: number | null; duplicate_of_id: number | null; target: ThreadTarget };

/**
 * A thread the actor may see, or 404: a hidden thread is "not found" to those who may not see
 * it, so its existence does not leak.
 */
export async function loadVisibleThread(db: Db, actor: Actor | null, id: number): Promise<LoadedThread> {
  const row = await selectThreads(db).select(["threads.merged_into_id", "threads.duplicate_of_id"]).where("threads.id", "=", id).executeTakeFirst();
  if (!row) throw notFound(msg("thread.notFound"));
  const target = threadTarget(row);
  if (!can(actor, "thread.view", target)) throw notFound(msg("thread.notFound"));
  return { ...row, target };
}

export type LoadedPost = PostRow & { target: PostTarget; thread: LoadedThread };

/** A post the actor may see (with its thread), or 404. */
export async function loadVisiblePost(db: Db, actor: Actor | null, id: number): Promise<LoadedPost> {
  const row = await selectPosts(db).where("posts.id", "=", id).executeTakeFirst();
  if (!row) throw notFound(msg("post.notFound"));
  const thread = await loadVisibleThread(db, actor, row.thread_id);
  const target = postTarget(row, thread.target);
  if (!can(actor, "post.view", target)) throw notFound(msg("post.notFound"));
  return { ...row, target, thread };
}
