import { sql } from "kysely";
import { z } from "zod";
import type { Db } from "../../db/index";
import type { NotificationKind } from "../../db/schema";
import { parseInput, says, zmsg } from "../lib/validation";
import type { ServiceContext } from "./context";
import { ensure, type Actor } from "./guardian";

export interface NewNotification {
  userId: number;
  kind: NotificationKind;
  threadId: number | null;
  postId: number | null;
  actorId: number | null;
  /** What the list shows without joins: thread title, actor handle, idea status… */
  data: Record<string, unknown>;
}

export interface NotificationView {
  id: number;
  kind: NotificationKind;
  read: boolean;
  createdAt: string;
  threadId: number | null;
  postId: number | null;
  data: Record<string, unknown>;
  url: string | null;
}

/** Inserts notifications inside the caller's transaction; returns them for publishing after commit. */
export async function createNotifications(db: Db, items: NewNotification[]): Promise<{ id: number; userId: number; kind: NotificationKind }[]> {
  if (items.length === 0) return [];
  const rows = await db
    .insertInto("notifications")
    .values(
      items.map((n) => ({
        user_id: n.userId,
        kind: n.kind,
        thread_id: n.threadId,
        post_id: n.postId,
        actor_id: n.actorId,
        data: JSON.stringify(n.data),
      })),
    )
    .returning(["id", "user_id", "kind"])
    .execute();
  return rows.map((r) => ({ id: r.id, userId: r.user_id, kind: r.kind }));
}

/**
 * Unread counts stop at this number (the badge shows "99+"): counting every unread notification
 * of someone who never reads them would cost more with every reply to a thread they watch.
 */
export const UNREAD_CAP = 100;

/** Each user's unread count, capped, in one query that reads at most UNREAD_CAP index entries per user. */
async function unreadCounts(db: Db, userIds: number[]): Promise<Map<number, number>> {
  const { rows } = await sql<{ user_id: number; unread: number }>`
    select u.id as user_id,
      (select count(*) from (select 1 from notifications n where n.user_id = u.id and n.read_at is null limit ${UNREAD_CAP}) capped)::int as unread
    from unnest(${userIds}::int[]) as u (id)`.execute(db);
  return new Map(rows.map((r) => [r.user_id, r.unread]));
}

/** After commit: one `notifications` event for them all, each with its recipient's unread count (one query). */
export async function publishNotifications(ctx: ServiceContext, created: { id: number; userId: number; kind: NotificationKind }[]): Promise<void> {
  if (created.length === 0) return;
  const unread = await unreadCounts(ctx.db, [...new Set(created.map((c) => c.userId))]);
  ctx.events.publish({
    type: "notifications",
    items: created.map((n) => ({ userId: n.userId, notificationId: n.id, kind: n.kind, unread: unread.get(n.userId) ?? 0 })),
  });
}

/** The user's unread count, capped at UNREAD_CAP. */
export async function unreadCount(db: Db, userId: number): Promise<number> {
  return (await unreadCounts(db, [userId])).get(userId) ?? 0;
}

/** Where a notification leads: the article it announces, else the post or thread it is about. */
function notificationUrl(n: { kind: NotificationKind; thread_id: number | null; post_id: number | null; data: Record<string, unknown> }): string | null {
  if (n.kind === "kb_published" && typeof n.data.slug === "string") return `/kb/${encodeURIComponent(n.data.slug)}`;
  return n.thread_id ? `/t/${n.thread_id}${n.post_id ? `#post-${n.post_id}` : ""}` : null;
}

const listSchema = z.object({
  before: z.coerce.number({ invalid_type_error: zmsg("validation.notificationId") }).int().positive().max(2_147_483_647, says.outOfRange("before")).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

export async function listNotifications(db: Db, actor: Actor | null, input: unknown) {
  ensure(actor, "notifications.view");
  const { before, limit } = parseInput(listSchema, input);
  let query = db
    .selectFrom("notifications")
    .selectAll()
    .where("user_id", "=", actor!.id)
    .orderBy("id", "desc")
    .limit(limit + 1);
  if (before) query = query.where("id", "<", before);
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  const notifications: NotificationView[] = page.map((r) => ({
    id: r.id,
    kind: r.kind,
    read: r.read_at !== null,
    createdAt: r.created_at.toISOString(),
    threadId: r.thread_id,
    postId: r.post_id,
    data: r.data,
    url: notificationUrl(r),
  }));
  return {
    notifications,
    unread: await unreadCount(db, actor!.id),
    next: rows.length > limit ? page[page.length - 1]!.id : null,
  };
}

const markReadSchema = z.object({
  ids: z.array(z.number().int().positive()).max(500).optional(),
  all: z.boolean().optional(),
});

/** Marks some (or all) of the actor's notifications read; returns the new unread count. */
export async function markNotificationsRead(db: Db, actor: Actor | null, input: unknown): Promise<number> {
  ensure(actor, "notifications.view");
  const { ids, all } = parseInput(markReadSchema, input);
  let query = db.updateTable("notifications").set({ read_at: sql`now()` }).where("user_id", "=", actor!.id).where("read_at", "is", null);
  if (!all) {
    if (!ids || ids.length === 0) return unreadCount(db, actor!.id);
    query = query.where("id", "in", ids);
  }
  await query.execute();
  return unreadCount(db, actor!.id);
}
