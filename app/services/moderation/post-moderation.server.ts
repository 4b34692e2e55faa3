import { sql } from "kysely";
import { z } from "zod";
import { conflict, notFound, msg } from "../../lib/errors";
import { idSchema, parseInput, says } from "../../lib/validation";
import { harvestLater, harvestSoon } from "../../harvest/triggers.server";
import type { ServiceContext } from "../context";
import { ensure, type Actor } from "../guardian";
import { createNotifications, publishNotifications, type NewNotification } from "../notifications.server";
import { notificationsForPost } from "../community/announce.server";
import { selectPosts, visiblePostCount } from "../community/queries";
import { toPostPayload } from "../community/views";
import { recordModAction } from "./audit.server";
import type { Db } from "../../../db/index";

const reasonSchema = z.object({ reason: z.string().trim().max(500, says.atMost("reason", 500)).optional().default("") });

export type PostDecision = "approve" | "reject" | "hide" | "unhide" | "dismiss";

/** The post with what every decision needs, locked for the transaction. */
async function lockPost(tx: Db, id: number) {
  const post = await tx
    .selectFrom("posts")
    .innerJoin("threads", "threads.id", "posts.thread_id")
    .innerJoin("users", "users.id", "posts.author_id")
    .select([
      "posts.id",
      "posts.thread_id",
      "posts.number",
      "posts.status",
      "posts.author_id",
      "posts.body_md",
      "users.handle as author_handle",
      "threads.title",
      "threads.hidden as thread_hidden",
    ])
    .where("posts.id", "=", id)
    .forUpdate("posts")
    .executeTakeFirst();
  if (!post) throw notFound(msg("post.notFound"));
  return post;
}

/**
 * One moderator decision on one post, with its audit row, in one transaction; events and
 * notifications go out after commit.
 *
 * - approve: a held post goes public (counted, announced to followers and mentions, the author told)
 * - reject: a held post is removed (soft-deleted) and the author told why
 * - hide / unhide: a public post is taken down or restored; open flags are resolved
 * - dismiss: open flags are dismissed and an auto-hidden post restored
 */
export async function moderatePost(ctx: ServiceContext, actor: Actor | null, postId: unknown, decision: PostDecision, input: unknown = {}) {
  ensure(actor, "mod.posts");
  const id = parseInput(idSchema, postId);
  const { reason } = parseInput(reasonSchema, input);
  const outcome = await ctx.db.transaction().execute(async (tx) => {
    const post = await lockPost(tx, id);
    const notify: NewNotification[] = [];
    let status = post.status;
    const setStatus = async (next: typeof status) => {
      status = next;
      await tx.updateTable("posts").set({ status: next }).where("id", "=", id).execute();
    };
    const resolveFlags = (to: "dismissed" | "upheld") =>
      tx.updateTable("flags").set({ status: to, resolved_by: actor!.id, resolved_at: sql`now()` }).where("post_id", "=", id).where("status", "=", "open").execute();
    const recount = () =>
      tx
        .updateTable("threads")
        .set({ post_count: visiblePostCount(post.thread_id), updated_at: sql`now()` })
        .where("id", "=", post.thread_id)
        .execute();

    switch (decision) {
      case "approve": {
        if (post.status !== "pending") throw conflict(msg("mod.approvePendingOnly"));
        await setStatus("visible");
        await tx.updateTable("threads").set({ last_post_at: sql`now()` }).where("id", "=", post.thread_id).execute();
        if (post.number === 1) await tx.updateTable("threads").set({ awaiting_approval: false }).where("id", "=", post.thread_id).execute();
        await recount();
        notify.push(
          { userId: post.author_id, kind: "post_approved", threadId: post.thread_id, postId: id, actorId: actor!.id, data: { title: post.title } },
          ...(await notificationsForPost(tx, { id, threadId: post.thread_id, authorId: post.author_id, authorHandle: post.author_handle, markdown: post.body_md }, { title: post.title, hidden: post.thread_hidden })),
        );
        break;
      }
      case "reject": {
        if (post.status !== "pending") throw conflict(msg("mod.rejectPendingOnly"));
        await setStatus("deleted");
        // A rejected opening post takes its (never public) thread with it.
        if (post.number === 1) await tx.updateTable("threads").set({ hidden: true }).where("id", "=", post.thread_id).execute();
        notify.push({ userId: post.author_id, kind: "post_rejected", threadId: null, postId: null, actorId: actor!.id, data: { title: post.title, reason } });
        break;
      }
      case "hide": {
        if (post.status !== "visible") throw conflict(msg("mod.hideVisibleOnly"));
        await setStatus("hidden");
        await resolveFlags("upheld");
        await recount();
        break;
      }
      case "unhide": {
        if (post.status !== "hidden") throw conflict(msg("mod.notHidden"));
        await setStatus("visible");
        await resolveFlags("dismissed");
        await recount();
        break;
      }
      case "dismiss": {
        const { numUpdatedRows } = await resolveFlags("dismissed").then((r) => r[0]!);
        if (Number(numUpdatedRows) === 0 && post.status !== "hidden") throw conflict(msg("mod.noOpenFlags"));
        // Dismissing the flags that hid a post automatically brings it back.
        if (post.status === "hidden") {
          await setStatus("visible");
          await recount();
        }
        break;
      }
    }
    await recordModAction(tx, actor!, `post.${decision}`, { type: "post", id }, reason, { threadId: post.thread_id, from: post.status, to: status });
    // A hidden (or restored) question or answer changes what its thread's article may say.
    if (status !== post.status) await harvestLater(ctx, tx, [post.thread_id], `post.${decision}`);
    const notified = await createNotifications(tx, notify);
    const row = await selectPosts(tx).where("posts.id", "=", id).executeTakeFirstOrThrow();
    return { row, before: post.status, notified };
  });
  harvestSoon(ctx);
  const { row, before, notified } = outcome;
  const payload = toPostPayload(row);
  if (row.status === "visible" && before !== "visible") ctx.events.publish({ type: "post:created", threadId: row.thread_id, postId: row.id, post: payload });
  if (row.status !== "visible" && before === "visible") ctx.events.publish({ type: "post:hidden", threadId: row.thread_id, postId: row.id });
  await publishNotifications(ctx, notified);
  ctx.events.publish({ type: "queue:changed", reason: "decided" });
  return { post: { ...payload, status: row.status } };
}
