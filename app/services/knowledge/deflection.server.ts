/**
 * Deflection: did the knowledge base answer a question before it was asked? The new-question
 * form shows suggestions (articles and solved threads); opening one is recorded against the
 * form (its idempotency key identifies that one attempt to ask). If the question is then posted
 * anyway, the suggestion failed to deflect it; if it is not posted within the settling time,
 * it was deflected. The maintenance job settles the open ones.
 */
import { sql } from "kysely";
import { z } from "zod";
import type { Db } from "../../../db/index";
import { validationFailed, msg, fieldError } from "../../lib/errors";
import { idSchema, parseInput, says, zmsg } from "../../lib/validation";
import type { Actor } from "../guardian";

/** How long after opening a suggestion an unposted question counts as deflected. */
export const DEFLECTION_SETTLES_AFTER = "30 minutes";

const openedSchema = z.object({
  formKey: z.string().trim().min(8, says.required("formKey")).max(200).regex(/^[\x21-\x7e]+$/, zmsg("validation.formKeyAscii")),
  articleId: idSchema.optional(),
  threadId: idSchema.optional(),
});

/** A suggestion was opened from the new-question form. */
export async function suggestionOpened(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const { formKey, articleId, threadId } = parseInput(openedSchema, input);
  if ((articleId === undefined) === (threadId === undefined)) throw validationFailed([fieldError("articleId", msg("deflection.target"))]);
  // The first suggestion opened from a form is the one credited; later ones change nothing.
  await db
    .insertInto("kb_deflections")
    .values({
      form_key: formKey,
      user_id: actor?.id ?? null,
      article_id: articleId ?? null,
      thread_id: threadId ?? null,
    })
    .onConflict((oc) => oc.column("form_key").doNothing())
    .execute();
}

/** The question was posted from that form after all: a failed deflection. */
export async function questionPosted(db: Db, formKey: string | undefined, threadId: number): Promise<void> {
  if (!formKey) return;
  await db
    .updateTable("kb_deflections")
    .set({ posted_thread_id: threadId, posted_at: sql`now()`, settled_at: sql`now()` })
    .where("form_key", "=", formKey)
    .where("settled_at", "is", null)
    .execute();
}

/** Settles suggestions opened long enough ago with no question posted: deflections. */
export async function settleDeflections(db: Db): Promise<number> {
  const result = await db
    .updateTable("kb_deflections")
    .set({ settled_at: sql`now()` })
    .where("settled_at", "is", null)
    .where("opened_at", "<", sql<Date>`now() - ${DEFLECTION_SETTLES_AFTER}::interval`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
