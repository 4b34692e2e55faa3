import { sql } from "kysely";
import { idSchema, parseInput } from "../../lib/validation";
import type { ServiceContext } from "../context";
import { ensure, type Actor } from "../guardian";
import { loadVisiblePost, loadVisibleThread } from "./queries";

/**
 * Votes exist once per (user, target) by primary key; the counter moves only when a row was
 * really inserted or deleted, in the same transaction. Twenty racing requests count once.
 */
export async function votePost(ctx: ServiceContext, actor: Actor | null, postId: unknown, up: boolean) {
  const id = parseInput(idSchema, postId);
  const post = await loadVisiblePost(ctx.db, actor, id);
  ensure(actor, "post.vote", post.target);
  const voteCount = await ctx.db.transaction().execute(async (tx) => {
    const changed = up
      ? await tx.insertInto("post_votes").values({ user_id: actor!.id, post_id: id }).onConflict((oc) => oc.doNothing()).returning("post_id").executeTakeFirst()
      : await tx.deleteFrom("post_votes").where("user_id", "=", actor!.id).where("post_id", "=", id).returning("post_id").executeTakeFirst();
    if (!changed) {
      return (await tx.selectFrom("posts").select("vote_count").where("id", "=", id).executeTakeFirstOrThrow()).vote_count;
    }
    const delta = up ? 1 : -1;
    const updated = await tx.updateTable("posts").set({ vote_count: sql`vote_count + ${delta}` }).where("id", "=", id).returning("vote_count").executeTakeFirstOrThrow();
    // A question's or discussion's score is its opening post's.
    if (post.number === 1 && post.thread.kind !== "idea") {
      await tx.updateTable("threads").set({ vote_count: updated.vote_count }).where("id", "=", post.thread_id).execute();
    }
    return updated.vote_count;
  });
  ctx.events.publish({ type: "vote:changed", threadId: post.thread_id, postId: id, voteCount });
  return { post: { id, voteCount, voted: up } };
}

/** One vote per user on an idea thread: the idea board counts these. */
export async function voteIdea(ctx: ServiceContext, actor: Actor | null, threadId: unknown, up: boolean) {
  const id = parseInput(idSchema, threadId);
  const thread = await loadVisibleThread(ctx.db, actor, id);
  ensure(actor, "thread.vote", thread.target);
  const voteCount = await ctx.db.transaction().execute(async (tx) => {
    const changed = up
      ? await tx.insertInto("idea_votes").values({ user_id: actor!.id, thread_id: id }).onConflict((oc) => oc.doNothing()).returning("thread_id").executeTakeFirst()
      : await tx.deleteFrom("idea_votes").where("user_id", "=", actor!.id).where("thread_id", "=", id).returning("thread_id").executeTakeFirst();
    if (!changed) return (await tx.selectFrom("threads").select("vote_count").where("id", "=", id).executeTakeFirstOrThrow()).vote_count;
    const updated = await tx
      .updateTable("threads")
      .set({ vote_count: sql`vote_count + ${up ? 1 : -1}` })
      .where("id", "=", id)
      .returning("vote_count")
      .executeTakeFirstOrThrow();
    return updated.vote_count;
  });
  ctx.events.publish({ type: "vote:changed", threadId: id, postId: null, voteCount });
  return { thread: { id, voteCount, voted: up } };
}
