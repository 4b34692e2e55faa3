import type { Db } from "../../../db/index";
import { extractMentions } from "../../lib/markdown/render.server";
import type { NewNotification } from "../notifications.server";

export interface AnnouncedPost {
  id: number;
  threadId: number;
  authorId: number;
  authorHandle: string;
  markdown: string;
}

/**
 * Who hears about a post when it becomes public (at once, or when a moderator approves it):
 * users it mentions get a mention, everyone else watching the thread a reply notification.
 * Never the author; in a hidden thread only staff, who alone can open it.
 */
export async function notificationsForPost(db: Db, post: AnnouncedPost, thread: { title: string; hidden: boolean }): Promise<NewNotification[]> {
  const data = { title: thread.title, actor: post.authorHandle };
  const handles = extractMentions(post.markdown).map((h) => h.toLowerCase());
  let mentionedQuery = db.selectFrom("users").select("id").where("id", "!=", post.authorId);
  mentionedQuery = handles.length ? mentionedQuery.where((eb) => eb.fn("lower", ["handle"]), "in", handles) : mentionedQuery.where("id", "=", -1);
  let followersQuery = db
    .selectFrom("follows")
    .innerJoin("users", "users.id", "follows.user_id")
    .select("follows.user_id as id")
    .where("follows.thread_id", "=", post.threadId)
    .where("follows.level", "=", "watching")
    .where("follows.user_id", "!=", post.authorId);
  // Only people who may open the thread hear about it, or a notice would carry the title of a
  // thread they cannot read: a hidden one only staff, one held for review staff and its author.
  // Read here, in the caller's transaction, so every caller gets it right.
  const state = await db.selectFrom("threads").select(["hidden", "awaiting_approval", "author_id"]).where("id", "=", post.threadId).executeTakeFirstOrThrow();
  if (thread.hidden || state.hidden || state.awaiting_approval) {
    const authorToo = !(thread.hidden || state.hidden);
    const visibleTo = (users: typeof mentionedQuery) =>
      users.where((eb) => eb.or([eb("role", "in", ["moderator", "admin"]), ...(authorToo ? [eb("id", "=", state.author_id)] : [])]));
    mentionedQuery = visibleTo(mentionedQuery);
    followersQuery = followersQuery.where((eb) => eb.or([eb("users.role", "in", ["moderator", "admin"]), ...(authorToo ? [eb("users.id", "=", state.author_id)] : [])]));
  }
  const [mentioned, followers] = await Promise.all([mentionedQuery.execute(), followersQuery.execute()]);
  // A muted thread stays quiet even for a mention in it.
  const muted = new Set(
    (await db.selectFrom("follows").select("user_id").where("thread_id", "=", post.threadId).where("level", "=", "muted").execute()).map((m) => m.user_id),
  );
  const notified = new Set<number>();
  const out: NewNotification[] = [];
  for (const [users, kind] of [[mentioned, "mention"], [followers, "reply"]] as const) {
    for (const { id } of users) {
      if (notified.has(id) || muted.has(id)) continue;
      notified.add(id);
      out.push({ userId: id, kind, threadId: post.threadId, postId: post.id, actorId: post.authorId, data });
    }
  }
  return out;
}
