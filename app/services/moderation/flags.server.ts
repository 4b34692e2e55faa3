import { sql } from "kysely";
import { z } from "zod";
import { FLAG_REASONS } from "../../../db/schema";
import { conflict, uniqueViolation, msg } from "../../lib/errors";
import { idSchema, parseInput, oneOf, zmsg, says } from "../../lib/validation";
import { harvestLater, harvestSoon } from "../../harvest/triggers.server";
import type { ServiceContext } from "../context";
import { ensure, type Actor } from "../guardian";
import { isStaff } from "../guardian/community-policy";
import { loadVisiblePost } from "../community/queries";
import { recordModAction } from "./audit.server";
import { getModerationSettings } from "./settings.server";

export const flagSchema = z.object({
  reason: z.enum(FLAG_REASONS, oneOf("reason", FLAG_REASONS)),
  note: z.string().trim().max(500, says.atMost("note", 500)).optional().default(""),
}).refine((f) => f.reason !== "other" || f.note.length > 0, { message: zmsg("validation.flagNote"), path: ["note"] });

/**
 * A member flags a post (once). Flags from trusted members (trust level 1+, or staff) add up:
 * at the configured count the post is hidden until a moderator reviews it.
 */
export async function flagPost(ctx: ServiceContext, actor: Actor | null, postId: unknown, input: unknown) {
  const id = parseInput(idSchema, postId);
  const post = await loadVisiblePost(ctx.db, actor, id);
  ensure(actor, "post.flag", post.target);
  const { reason, note } = parseInput(flagSchema, input);
  const trusted = actor!.trustLevel >= 1 || isStaff(actor);
  const settings = await getModerationSettings(ctx.db);

  const hidden = await ctx.db.transaction().execute(async (tx) => {
    try {
      await tx.insertInto("flags").values({ post_id: id, user_id: actor!.id, reason, note, trusted }).execute();
    } catch (error) {
      if (uniqueViolation(error) !== null) throw conflict(msg("flag.already"));
      throw error;
    }
    const { n } = await tx
      .selectFrom("flags")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("post_id", "=", id)
      .where("status", "=", "open")
      .where("trusted", "=", true)
      .executeTakeFirstOrThrow();
    if (n < settings.flagsToHide) return false;
    const changed = await tx
      .updateTable("posts")
      .set({ status: "hidden", moderation_reasons: sql`array_append(moderation_reasons, 'flagged')` })
      .where("id", "=", id)
      .where("status", "=", "visible")
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) === 0) return false;
    await tx
      .updateTable("threads")
      .set({ post_count: sql`greatest(post_count - 1, 0)` })
      .where("id", "=", post.thread_id)
      .execute();
    await recordModAction(tx, null, "post.auto_hide", { type: "post", id }, `${n} flags from trusted members`, { threadId: post.thread_id });
    await harvestLater(ctx, tx, [post.thread_id], "post.auto_hide");
    return true;
  });
  if (hidden) {
    harvestSoon(ctx);
    ctx.events.publish({ type: "post:hidden", threadId: post.thread_id, postId: id });
  }
  ctx.events.publish({ type: "queue:changed", reason: "flagged" });
  return { flag: { postId: id, reason }, postHidden: hidden };
}
