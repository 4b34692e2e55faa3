import { sql } from "kysely";
import { z } from "zod";
import { IDEA_STATUSES } from "../../../db/schema";
import { idSchema, parseInput, oneOf, says } from "../../lib/validation";
import type { ServiceContext } from "../context";
import { ensure, type Actor } from "../guardian";
import { createNotifications, publishNotifications } from "../notifications.server";
import { queueWebhooks } from "../webhooks/queue-webhooks.server";
import { loadVisibleThread } from "./queries";

export const ideaStatusSchema = z.object({
  status: z.enum(IDEA_STATUSES, oneOf("status", IDEA_STATUSES)),
  note: z.string().trim().max(1000, says.atMost("note", 1000)).optional().default(""),
});

/**
 * Product managers move an idea along (planned, shipped…). Everyone who voted for it or follows
 * it hears about it, with the note: the loop back to the customers who asked.
 */
export async function setIdeaStatus(ctx: ServiceContext, actor: Actor | null, threadId: unknown, input: unknown) {
  const id = parseInput(idSchema, threadId);
  const thread = await loadVisibleThread(ctx.db, actor, id);
  ensure(actor, "idea.setStatus", thread.target);
  const { status, note } = parseInput(ideaStatusSchema, input);
  const notified = await ctx.db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom("threads").select("idea_status").where("id", "=", id).forUpdate().executeTakeFirstOrThrow();
    await tx.updateTable("threads").set({ idea_status: status, updated_at: sql`now()` }).where("id", "=", id).execute();
    if (before.idea_status !== status) {
      await queueWebhooks({ db: tx, jobs: ctx.jobs }, "idea.status_changed", {
        idea: { threadId: id, title: thread.title, status, previousStatus: before.idea_status, note, url: `/t/${id}` },
      });
    }
    const audience = await tx
      .selectFrom("idea_votes")
      .select("user_id")
      .where("thread_id", "=", id)
      .union(tx.selectFrom("follows").select("user_id").where("thread_id", "=", id).where("level", "=", "watching"))
      .execute();
    const muted = new Set(
      (await tx.selectFrom("follows").select("user_id").where("thread_id", "=", id).where("level", "=", "muted").execute()).map((m) => m.user_id),
    );
    return createNotifications(
      tx,
      audience
        .filter((a) => a.user_id !== actor!.id && !muted.has(a.user_id))
        .map((a) => ({ userId: a.user_id, kind: "idea_status" as const, threadId: id, postId: null, actorId: actor!.id, data: { title: thread.title, actor: actor!.handle, status, note } })),
    );
  });
  ctx.jobs.wake("webhook-delivery");
  ctx.events.publish({ type: "thread:updated", threadId: id, changes: { ideaStatus: status } });
  await publishNotifications(ctx, notified);
  return { thread: { id, ideaStatus: status }, notified: notified.length };
}
