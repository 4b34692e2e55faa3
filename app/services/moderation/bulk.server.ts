import { currentErrorLocale, errorIn } from "../../lib/error-text.server";
import { z } from "zod";
import { isAppError, badRequest, msg } from "../../lib/errors";
import { parseInput, zodEnum, zmsg } from "../../lib/validation";
import type { ServiceContext } from "../context";
import { ensure, type Actor } from "../guardian";
import { moderatePost, type PostDecision } from "./post-moderation.server";
import { reviewSignup } from "./user-moderation.server";

export const bulkSchema = z.object({
  action: z.enum(["approve", "reject", "hide", "dismiss", "review"], zodEnum("validation.bulkAction")),
  items: z.array(z.string().regex(/^(pending|flagged|signup):\d{1,10}$/, zmsg("validation.queueItems"))).min(1, zmsg("validation.chooseItem")).max(200),
  reason: z.string().trim().max(500).optional().default(""),
});

export interface BulkResult {
  item: string;
  ok: boolean;
  error?: string;
}

/**
 * Applies one decision to many queue items. Each item is its own transaction with its own audit
 * row, so one stale item (already handled by another moderator) does not undo the rest.
 */
export async function applyBulk(ctx: ServiceContext, actor: Actor | null, input: unknown): Promise<{ results: BulkResult[] }> {
  ensure(actor, "mod.view");
  const { action, items, reason } = parseInput(bulkSchema, input);
  const results: BulkResult[] = [];
  for (const item of items) {
    const [kind, rawId] = item.split(":") as [string, string];
    try {
      if (kind === "signup") {
        if (action !== "review") throw new Error(`A sign-up can only be reviewed, not "${action}".`);
        const user = await ctx.db.selectFrom("users").select("handle").where("id", "=", Number(rawId)).executeTakeFirst();
        if (!user) throw new Error("No such user.");
        await reviewSignup(ctx.db, actor, user.handle);
      } else {
        if (action === "review") throw badRequest(msg("mod.bulkReviewPost"));
        await moderatePost(ctx, actor, Number(rawId), action as PostDecision, { reason });
      }
      results.push({ item, ok: true });
    } catch (error) {
      // Each item's refusal in the language of the request being answered (the API or the queue page).
      const why = isAppError(error) ? errorIn(await currentErrorLocale(undefined, error), error).message : error instanceof Error ? error.message : String(error);
      results.push({ item, ok: false, error: why });
    }
  }
  return { results };
}
