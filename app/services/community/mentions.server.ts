import type { Db } from "../../../db/index";
import type { Actor } from "../guardian";
import type { NewNotification } from "../notifications.server";

/**
 * Notifications for the users a post mentions: existing accounts only, never the author, and
 * (for hidden threads) only staff, who alone can open them.
 */
export async function mentionNotifications(
  db: Db,
  author: Actor,
  handles: string[],
  where: { threadId: number; postId: number; title: string; hidden: boolean },
): Promise<NewNotification[]> {
  if (handles.length === 0) return [];
  let query = db
    .selectFrom("users")
    .select(["id"])
    .where((eb) => eb.fn("lower", ["handle"]), "in", handles.map((h) => h.toLowerCase()))
    .where("id", "!=", author.id);
  if (where.hidden) query = query.where("role", "in", ["moderator", "admin"]);
  const users = await query.execute();
  return users.map((u) => ({
    userId: u.id,
    kind: "mention" as const,
    threadId: where.threadId,
    postId: where.postId,
    actorId: author.id,
    data: { title: where.title, actor: author.handle },
  }));
}
