/**
 * How useful articles are: "Was this helpful?" (one vote per reader, changeable, with an optional
 * comment) and views, both also counted per day for the curators' charts.
 */
import { createHash } from "node:crypto";
import { sql } from "kysely";
import { z } from "zod";
import type { Db } from "../../../db/index";
import { notFound, msg } from "../../lib/errors";
import { parseInput, says } from "../../lib/validation";
import { ensure, type Actor } from "../guardian";

/**
 * Who is voting: a signed-in user by id; an anonymous reader by a hash of their visitor cookie
 * (set by the route), so a reader's vote can be changed but not repeated, and nothing about them
 * is stored in the clear.
 */
export function voterKey(actor: Actor | null, visitorId: string | null): string | null {
  if (actor) return `user:${actor.id}`;
  if (!visitorId) return null;
  return `visitor:${createHash("sha256").update(visitorId).digest("base64url").slice(0, 32)}`;
}

export const feedbackSchema = z.object({
  helpful: z.union([z.boolean(), z.enum(["true", "false", "yes", "no"]).transform((v) => v === "true" || v === "yes")], {
    errorMap: () => ({ message: says.trueOrFalse("helpful") }),
  }),
  comment: z.string().trim().max(1000, says.atMost("comment", 1000)).optional().default(""),
});

/** Records (or changes) a reader's vote; returns the article's new totals. */
export async function rateArticle(db: Db, actor: Actor | null, articleId: number, visitorId: string | null, input: unknown) {
  const article = await db.selectFrom("kb_articles").select(["id", "status"]).where("id", "=", articleId).executeTakeFirst();
  if (!article) throw notFound(msg("article.notFound"));
  ensure(actor, "kb.feedback", { status: article.status });
  const { helpful, comment } = parseInput(feedbackSchema, input);
  const key = voterKey(actor, visitorId);
  if (!key) throw notFound(msg("article.notFound"));
  return db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom("kb_feedback").select("helpful").where("article_id", "=", articleId).where("voter_key", "=", key).forUpdate().executeTakeFirst();
    await tx
      .insertInto("kb_feedback")
      .values({ article_id: articleId, voter_key: key, user_id: actor?.id ?? null, helpful, comment })
      .onConflict((oc) => oc.columns(["article_id", "voter_key"]).doUpdateSet({ helpful, comment, updated_at: sql`now()` }))
      .execute();
    // The day's figures count votes cast that day: a changed vote counts on the day it changed,
    // the same vote again not at all. The article's totals below are always the current votes.
    if (before?.helpful !== helpful) {
      const day = { article_id: articleId, day: sql<string>`current_date` as unknown as string };
      const gained = helpful ? "helpful" : "unhelpful";
      await tx
        .insertInto("kb_daily")
        .values({ ...day, [gained]: 1 })
        .onConflict((oc) => oc.columns(["article_id", "day"]).doUpdateSet({ [gained]: sql`kb_daily.${sql.ref(gained)} + 1` }))
        .execute();
    }
    const totals = await tx
      .updateTable("kb_articles")
      .set({
        helpful_count: sql`(select count(*) from kb_feedback where article_id = ${articleId} and helpful)`,
        unhelpful_count: sql`(select count(*) from kb_feedback where article_id = ${articleId} and not helpful)`,
      })
      .where("id", "=", articleId)
      .returning(["helpful_count", "unhelpful_count"])
      .executeTakeFirstOrThrow();
    return { helpful: totals.helpful_count, unhelpful: totals.unhelpful_count, yours: helpful };
  });
}

/** One reader opened the article (bots are left out by the route). */
export async function recordArticleView(db: Db, articleId: number): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.updateTable("kb_articles").set({ view_count: sql`view_count + 1` }).where("id", "=", articleId).execute();
    await tx
      .insertInto("kb_daily")
      .values({ article_id: articleId, day: sql<string>`current_date` as unknown as string, views: 1 })
      .onConflict((oc) => oc.columns(["article_id", "day"]).doUpdateSet({ views: sql`kb_daily.views + 1` }))
      .execute();
  });
}

/** The vote this reader gave the article, if any: the page shows it as chosen. */
export async function readerVote(db: Db, actor: Actor | null, articleId: number, visitorId: string | null): Promise<{ helpful: boolean; comment: string } | null> {
  const key = voterKey(actor, visitorId);
  if (!key) return null;
  const row = await db.selectFrom("kb_feedback").select(["helpful", "comment"]).where("article_id", "=", articleId).where("voter_key", "=", key).executeTakeFirst();
  return row ?? null;
}
