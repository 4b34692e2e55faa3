import { sql } from "kysely";
import { conflict, msg } from "../../lib/errors";
import { idSchema, parseInput } from "../../lib/validation";
import { harvestLater, harvestSoon } from "../../harvest/triggers.server";
import type { ServiceContext } from "../context";
import { ensure, type Actor } from "../guardian";
import { createNotifications, publishNotifications } from "../notifications.server";
import { loadVisiblePost } from "./queries";
import { threadUrl } from "./views";

const threadState = (id: number, acceptedPostId: number | null) => ({
  id,
  acceptedPostId,
  solved: acceptedPostId !== null,
  url: threadUrl(id),
});

/**
 * Marks a reply as the question's accepted answer (replacing any earlier one). The answer's
 * author is told, unless they accepted it themselves.
 */
export async function acceptAnswer(ctx: ServiceContext, actor: Actor | null, postId: unknown) {
  const id = parseInput(idSchema, postId);
  const post = await loadVisiblePost(ctx.db, actor, id);
  ensure(actor, "post.accept", post.target);
  const notified = await ctx.db.transaction().execute(async (tx) => {
    const previous = await tx.selectFrom("threads").select("accepted_post_id").where("id", "=", post.thread_id).forUpdate().executeTakeFirstOrThrow();
    if (previous.accepted_post_id === id) return [];
    await tx.updateTable("threads").set({ accepted_post_id: id, updated_at: sql`now()` }).where("id", "=", post.thread_id).execute();
    // The accepted answer is what the knowledge base harvests: a draft (or a changed article) follows.
    await harvestLater(ctx, tx, [post.thread_id], "answer.accepted");
    if (post.author_id === actor!.id) return [];
    return createNotifications(tx, [
      { userId: post.author_id, kind: "accepted", threadId: post.thread_id, postId: id, actorId: actor!.id, data: { title: post.thread.title, actor: actor!.handle } },
    ]);
  });
  harvestSoon(ctx);
  ctx.events.publish({ type: "answer:accepted", threadId: post.thread_id, postId: id });
  await publishNotifications(ctx, notified);
  return { thread: threadState(post.thread_id, id) };
}

/** Removes the accepted mark from this post (409 if it is not the accepted answer). */
export async function unacceptAnswer(ctx: ServiceContext, actor: Actor | null, postId: unknown) {
  const id = parseInput(idSchema, postId);
  const post = await loadVisiblePost(ctx.db, actor, id);
  ensure(actor, "post.accept", post.target);
  await ctx.db.transaction().execute(async (tx) => {
    const result = await tx
      .updateTable("threads")
      .set({ accepted_post_id: null, updated_at: sql`now()` })
      .where("id", "=", post.thread_id)
      .where("accepted_post_id", "=", id)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw conflict(msg("answer.notAccepted"));
    await harvestLater(ctx, tx, [post.thread_id], "answer.unaccepted");
  });
  harvestSoon(ctx);
  ctx.events.publish({ type: "answer:accepted", threadId: post.thread_id, postId: null });
  return { thread: threadState(post.thread_id, null) };
}
