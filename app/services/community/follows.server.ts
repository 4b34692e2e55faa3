import { z } from "zod";
import { idSchema, parseInput, zodEnum } from "../../lib/validation";
import type { ServiceContext } from "../context";
import { ensure, type Actor } from "../guardian";
import { loadVisibleThread } from "./queries";

export const followSchema = z.object({
  level: z.enum(["watching", "muted", "none"], zodEnum("validation.followLevel")),
});

/** Watch a thread (notified of replies), mute it (never notified), or go back to neither. */
export async function setFollow(ctx: ServiceContext, actor: Actor | null, threadId: unknown, input: unknown) {
  const id = parseInput(idSchema, threadId);
  const thread = await loadVisibleThread(ctx.db, actor, id);
  ensure(actor, "thread.follow", thread.target);
  const { level } = parseInput(followSchema, input);
  if (level === "none") {
    await ctx.db.deleteFrom("follows").where("user_id", "=", actor!.id).where("thread_id", "=", id).execute();
  } else {
    await ctx.db
      .insertInto("follows")
      .values({ user_id: actor!.id, thread_id: id, level })
      .onConflict((oc) => oc.columns(["user_id", "thread_id"]).doUpdateSet({ level }))
      .execute();
  }
  return { follow: { threadId: id, level: level === "none" ? null : level } };
}
