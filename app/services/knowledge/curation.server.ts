/**
 * Curating the knowledge base (moderators and admins: the guardian's `kb.curate`): edits kept as
 * revisions, the life of an article (draft → in review → published → archived, or rejected with a
 * reason), and merges that keep one article per topic. Every decision is in the audit log.
 */
import { sql } from "kysely";
import { z } from "zod";
import type { Db } from "../../../db/index";
import type { ArticleStatus } from "../../../db/schema";
import { conflict, notFound, payloadTooLarge, validationFailed, msg, fieldError } from "../../lib/errors";
import { detectLanguage } from "../../lib/language";
import { htmlToPlainText, renderMarkdown } from "../../lib/markdown/render.server";
import { idSchema, parseInput, text, says } from "../../lib/validation";
import type { ServiceContext } from "../context";
import { ensure, type Actor } from "../guardian";
import { recordModAction } from "../moderation/audit.server";
import { createNotifications, publishNotifications, type NewNotification } from "../notifications.server";
import { getArticle, type ArticleView } from "./articles.server";
import { articleSearchFields } from "./search-fields";

/** An article holds a question and an answer: twice a post's limit. */
export const MAX_ARTICLE_BYTES = 64 * 1024;

export const TRANSITIONS = {
  submit: { from: ["draft"], to: "in_review" },
  publish: { from: ["draft", "in_review", "needs_review", "archived"], to: "published" },
  archive: { from: ["draft", "in_review", "published", "needs_review"], to: "archived" },
  reject: { from: ["draft", "in_review", "needs_review"], to: "rejected" },
  reopen: { from: ["rejected", "archived"], to: "draft" },
} as const satisfies Record<string, { from: readonly ArticleStatus[]; to: ArticleStatus }>;

export type Transition = keyof typeof TRANSITIONS;

const reasonSchema = z.object({ reason: z.string().trim().max(500, says.atMost("reason", 500)).optional().default("") });

async function lockArticle(tx: Db, id: number) {
  const row = await tx.selectFrom("kb_articles").select(["id", "status", "title", "revision", "published_at", "language"]).where("id", "=", id).forUpdate().executeTakeFirst();
  if (!row) throw notFound(msg("article.notFound"));
  return row;
}

/** Every source of the article takes the thread as it is now: what the curator just reviewed. */
async function resyncSources(tx: Db, articleId: number): Promise<void> {
  await sql`
    update kb_article_sources s set
      signature = hs.signature, title = hs.title, category_id = hs.category_id,
      question_post_id = hs.question_post_id, answer_post_id = hs.accepted_post_id,
      question_revision = hs.question_revision, answer_revision = hs.answer_revision,
      answer_author_id = coalesce(hs.answer_author_id, s.answer_author_id),
      question_md = coalesce(hs.question_md, ''), answer_md = coalesce(hs.answer_md, ''), synced_at = now()
    from harvest_sources hs
    where hs.thread_id = s.thread_id and s.article_id = ${articleId}`.execute(tx);
}

/** On first publication, the people whose answers it is made of hear about it. */
async function creditAuthors(tx: Db, actor: Actor, article: { id: number; title: string; slug: string }): Promise<NewNotification[]> {
  const sources = await tx
    .selectFrom("kb_article_sources as s")
    .innerJoin("threads as t", "t.id", "s.thread_id")
    .select(["s.answer_author_id", "s.thread_id", "s.answer_post_id", "t.title"])
    .where("s.article_id", "=", article.id)
    .where("s.answer_author_id", "is not", null)
    .execute();
  const seen = new Set<number>();
  return sources
    .filter((s) => s.answer_author_id !== actor.id && !seen.has(s.answer_author_id!) && seen.add(s.answer_author_id!))
    .map((s) => ({
      userId: s.answer_author_id!,
      kind: "kb_published" as const,
      threadId: s.thread_id,
      postId: s.answer_post_id,
      actorId: actor.id,
      data: { title: s.title, article: article.title, slug: article.slug },
    }));
}

/** Moves an article from one state to the next, if that step is allowed from where it is. */
export async function transitionArticle(ctx: ServiceContext, actor: Actor | null, articleId: unknown, transition: Transition, input: unknown = {}): Promise<ArticleView> {
  ensure(actor, "kb.curate");
  const id = parseInput(idSchema, articleId);
  const { reason } = parseInput(reasonSchema, input);
  const step = TRANSITIONS[transition];
  if (transition === "reject" && !reason) throw validationFailed([fieldError("reason", msg("article.rejectReason"))]);
  const notified = await ctx.db.transaction().execute(async (tx) => {
    const article = await lockArticle(tx, id);
    if (!(step.from as readonly ArticleStatus[]).includes(article.status)) {
      throw conflict(msg("article.cannotTransition", { status: msg(`article.status.${article.status}`), action: msg(`article.transition.${transition}`) }));
    }
    const firstPublication = transition === "publish" && article.published_at === null;
    await tx
      .updateTable("kb_articles")
      .set({
        status: step.to,
        updated_at: sql`now()`,
        ...(transition === "publish" && {
          published_at: sql`coalesce(published_at, now())`,
          reviewed_at: sql`now()`,
          reviewed_by: actor!.id,
          review_reason: null,
          source_diff: null,
          status_before_review: null,
          rejected_reason: null,
        }),
        ...(transition === "reject" && { rejected_reason: reason }),
        ...(transition === "reopen" && { rejected_reason: null, merged_into_id: null }),
      })
      .where("id", "=", id)
      .execute();
    if (transition === "publish") await resyncSources(tx, id);
    await recordModAction(tx, actor!, `kb.${transition}`, { type: "article", id }, reason, { from: article.status, to: step.to });
    if (!firstPublication) return [];
    const { slug } = await tx.selectFrom("kb_articles").select("slug").where("id", "=", id).executeTakeFirstOrThrow();
    return createNotifications(tx, await creditAuthors(tx, actor!, { id, title: article.title, slug }));
  });
  await publishNotifications(ctx, notified);
  return getArticle(ctx.db, actor, id);
}

export const editSchema = z.object({
  title: text("title", 3, 200),
  body: z
    .string({ invalid_type_error: says.text("body"), required_error: says.required("body") })
    .refine((b) => b.trim().length > 0, says.required("body")),
  note: z.string().trim().max(300, says.atMost("note", 300)).optional().default(""),
  /** The revision the curator started from: a newer one means someone else edited meanwhile. */
  revision: z.coerce.number().int().positive().max(2_147_483_647).optional(),
});

/**
 * A curator's edit: rendered like a post (same pipeline, same allowlist), kept as a new revision.
 * From now on the harvest flags source changes for review instead of rewriting the article.
 */
export async function editArticle(ctx: ServiceContext, actor: Actor | null, articleId: unknown, input: unknown): Promise<ArticleView> {
  ensure(actor, "kb.curate");
  const id = parseInput(idSchema, articleId);
  const data = parseInput(editSchema, input);
  if (Buffer.byteLength(data.body, "utf8") > MAX_ARTICLE_BYTES) throw payloadTooLarge(msg("article.tooLong", { kb: MAX_ARTICLE_BYTES / 1024 }));
  const html = await renderMarkdown(data.body, { key: `user:${actor!.id}` });
  const language = await detectLanguage(`${data.title}\n${htmlToPlainText(html)}`);
  await ctx.db.transaction().execute(async (tx) => {
    const article = await lockArticle(tx, id);
    if (article.status === "archived" || article.status === "rejected") throw conflict(msg(`article.reopenFirst.${article.status}`));
    if (data.revision !== undefined && data.revision !== article.revision) {
      throw conflict(msg("article.editConflict", { revision: article.revision, edited: data.revision }));
    }
    const revision = article.revision + 1;
    await tx
      .updateTable("kb_articles")
      .set({ title: data.title, body_md: data.body, body_html: html, ...articleSearchFields(data.title, html, language), revision, curated: true, updated_at: sql`now()` })
      .where("id", "=", id)
      .execute();
    await tx.insertInto("kb_revisions").values({ article_id: id, revision, title: data.title, body_md: data.body, body_html: html, editor_id: actor!.id, note: data.note }).execute();
    await recordModAction(tx, actor!, "kb.edit", { type: "article", id }, data.note, { revision });
  });
  return getArticle(ctx.db, actor, id);
}

/**
 * Merges an article (a draft, usually) into another on the same topic: the other keeps its text
 * and gains every source, so one topic has one article and no thread's answer loses its credit.
 * The merged article is archived, pointing at the one that took it in.
 */
export async function mergeArticle(ctx: ServiceContext, actor: Actor | null, articleId: unknown, input: unknown): Promise<ArticleView> {
  ensure(actor, "kb.curate");
  const id = parseInput(idSchema, articleId);
  const { intoArticleId, reason } = parseInput(z.object({ intoArticleId: idSchema }).merge(reasonSchema), input);
  if (intoArticleId === id) throw validationFailed([fieldError("intoArticleId", msg("article.mergeIntoItself"))]);
  await ctx.db.transaction().execute(async (tx) => {
    const [first, second] = [id, intoArticleId].sort((a, b) => a - b);
    const locked = new Map([[first!, await lockArticle(tx, first!)], [second!, await lockArticle(tx, second!)]]);
    const source = locked.get(id)!;
    const target = locked.get(intoArticleId)!;
    if (!["draft", "in_review", "needs_review"].includes(source.status)) throw conflict(msg("article.mergePublished"));
    if (target.status === "archived" || target.status === "rejected") throw validationFailed([fieldError("intoArticleId", msg("article.targetIs", { status: msg(`article.status.${target.status}`) }))]);
    await tx.updateTable("kb_article_sources").set({ article_id: intoArticleId }).where("article_id", "=", id).execute();
    await tx.updateTable("kb_articles").set({ curated: true, updated_at: sql`now()` }).where("id", "=", intoArticleId).execute();
    await tx
      .updateTable("kb_articles")
      .set({ status: "archived", merged_into_id: intoArticleId, review_reason: `merged into article #${intoArticleId}`, updated_at: sql`now()` })
      .where("id", "=", id)
      .execute();
    await recordModAction(tx, actor!, "kb.merge", { type: "article", id }, reason, { into: intoArticleId });
  });
  return getArticle(ctx.db, actor, intoArticleId);
}

/** Every revision of an article, newest first (curators only: drafts' history is theirs). */
export async function listArticleRevisions(db: Db, actor: Actor | null, articleId: unknown) {
  ensure(actor, "kb.curate");
  const id = parseInput(idSchema, articleId);
  const rows = await db
    .selectFrom("kb_revisions as r")
    .leftJoin("users as u", "u.id", "r.editor_id")
    .select(["r.revision", "r.title", "r.body_html", "r.note", "r.created_at", "u.handle as editor"])
    .where("r.article_id", "=", id)
    .orderBy("r.revision", "desc")
    .execute();
  if (rows.length === 0) throw notFound(msg("article.notFound"));
  return rows.map((r) => ({ revision: r.revision, title: r.title, html: r.body_html, note: r.note, editor: r.editor ?? "harvest", createdAt: r.created_at.toISOString() }));
}
