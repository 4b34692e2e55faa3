/**
 * Reading the knowledge base: lists (published for everyone, every status for curators), one
 * article with its sources and credited authors, and the article a thread's answer became.
 */
import { sql } from "kysely";
import { z } from "zod";
import type { Db } from "../../../db/index";
import { ARTICLE_STATUSES, type ArticleStatus } from "../../../db/schema";
import { notFound, msg } from "../../lib/errors";
import { parseInput, oneOf, says } from "../../lib/validation";
import { can, ensure, type Actor } from "../guardian";
import { articleMatches, NOTHING } from "./article-search.server";

export interface ArticleSummary {
  id: number;
  slug: string;
  title: string;
  status: ArticleStatus;
  sourceThreadId: number | null;
  category: { id: number; slug: string; name: string } | null;
  tags: string[];
  language: string;
  revision: number;
  helpful: number;
  unhelpful: number;
  views: number;
  publishedAt: string | null;
  reviewedAt: string | null;
  updatedAt: string;
  url: string;
}

export interface ArticleSource {
  threadId: number;
  threadTitle: string;
  /** The accepted answer the article was made from. */
  postId: number | null;
  questionPostId: number | null;
  questionRevision: number | null;
  answerRevision: number | null;
  /** Whose answer it is: credited on the article. */
  author: { id: number; handle: string } | null;
  url: string;
}

export interface ArticleView extends ArticleSummary {
  html: string;
  sources: ArticleSource[];
  reviewReason: string | null;
  sourceDiff: string | null;
  rejectedReason: string | null;
  mergedIntoId: number | null;
  curated: boolean;
}

export const articleUrl = (slug: string) => `/kb/${encodeURIComponent(slug)}`;

type ArticleRow = Awaited<ReturnType<ReturnType<typeof selectArticles>["executeTakeFirstOrThrow"]>>;

/** The columns every article summary needs (shared with the curation queue). */
export function selectArticles(db: Db) {
  return db
    .selectFrom("kb_articles as a")
    .leftJoin("categories as c", "c.id", "a.category_id")
    .select([
      "a.id",
      "a.slug",
      "a.title",
      "a.status",
      "a.source_thread_id",
      "a.tags",
      "a.language",
      "a.revision",
      "a.helpful_count",
      "a.unhelpful_count",
      "a.view_count",
      "a.published_at",
      "a.reviewed_at",
      "a.updated_at",
      "c.id as category_id",
      "c.slug as category_slug",
      "c.name as category_name",
    ]);
}

export function toSummary(r: ArticleRow): ArticleSummary {
  return {
    id: r.id,
    slug: r.slug,
    title: r.title,
    status: r.status,
    sourceThreadId: r.source_thread_id,
    category: r.category_id !== null ? { id: r.category_id, slug: r.category_slug!, name: r.category_name! } : null,
    tags: r.tags,
    language: r.language,
    revision: r.revision,
    helpful: r.helpful_count,
    unhelpful: r.unhelpful_count,
    views: r.view_count,
    publishedAt: r.published_at?.toISOString() ?? null,
    reviewedAt: r.reviewed_at?.toISOString() ?? null,
    updatedAt: r.updated_at.toISOString(),
    url: articleUrl(r.slug),
  };
}

const blank = (v: unknown) => (v === "" || v === null ? undefined : v);

export const listSchema = z.object({
  status: z.preprocess(blank, z.enum(ARTICLE_STATUSES, oneOf("status", ARTICLE_STATUSES)).optional()),
  q: z.preprocess(blank, z.string().trim().max(200, says.atMost("q", 200)).optional()),
  category: z.preprocess(blank, z.string().trim().max(60).optional()),
  tag: z.preprocess(blank, z.string().trim().max(60).optional()),
  limit: z.preprocess(blank, z.coerce.number({ invalid_type_error: says.number("limit") }).int().min(1, says.range("limit", 1, 100)).max(100, says.range("limit", 1, 100)).default(50)),
  offset: z.preprocess(blank, z.coerce.number({ invalid_type_error: says.number("offset") }).int().min(0).max(100_000, says.outOfRange("offset")).default(0)),
});

/**
 * Articles, newest first (by relevance when `q` is given). Readers see published ones; curators
 * may ask for any status (all statuses when none is given).
 */
export async function listArticles(db: Db, actor: Actor | null, input: unknown): Promise<{ articles: ArticleSummary[]; next: number | null }> {
  const { status, q, category, tag, limit, offset } = parseInput(listSchema, input);
  const curator = can(actor, "kb.curate");
  if (status && status !== "published") ensure(actor, "kb.curate");
  let query = selectArticles(db);
  if (status) query = query.where("a.status", "=", status);
  else if (!curator) query = query.where("a.status", "=", "published");
  if (category) query = query.where("c.slug", "=", category);
  if (tag) query = query.where(sql<boolean>`${tag.toLowerCase()} = any(a.tags)`);
  if (q) {
    const match = articleMatches(q) ?? NOTHING;
    query = query.where(sql<boolean>`a.search_vector @@ ${match}`).orderBy(sql`ts_rank(a.search_vector, ${match})`, "desc");
  }
  const rows = await query.orderBy("a.updated_at", "desc").orderBy("a.id", "desc").limit(limit + 1).offset(offset).execute();
  return { articles: rows.slice(0, limit).map(toSummary), next: rows.length > limit ? offset + limit : null };
}

/** One article by id or slug, if the actor may see it (404 otherwise, as if it did not exist). */
export async function getArticle(db: Db, actor: Actor | null, idOrSlug: unknown): Promise<ArticleView> {
  const key = typeof idOrSlug === "string" ? idOrSlug.trim() : String(idOrSlug ?? "");
  // Slugs are printable: anything else (NUL, control characters) cannot name an article.
  if (!key || key.length > 200 || /[\u0000-\u001f\u007f]/.test(key)) throw notFound(msg("article.notFound"));
  let query = selectArticles(db).select(["a.body_html", "a.review_reason", "a.source_diff", "a.rejected_reason", "a.merged_into_id", "a.curated"]);
  query = /^\d{1,10}$/.test(key) && Number(key) <= 2_147_483_647 ? query.where("a.id", "=", Number(key)) : query.where("a.slug", "=", key);
  const row = await query.executeTakeFirst();
  if (!row || !can(actor, "kb.view", { status: row.status })) throw notFound(msg("article.notFound"));
  const sources = await db
    .selectFrom("kb_article_sources as s")
    .innerJoin("threads as t", "t.id", "s.thread_id")
    .leftJoin("users as u", "u.id", "s.answer_author_id")
    .select(["s.thread_id", "t.title", "s.answer_post_id", "s.question_post_id", "s.question_revision", "s.answer_revision", "u.id as author_id", "u.handle as author_handle"])
    .where("s.article_id", "=", row.id)
    .orderBy("s.added_at")
    .execute();
  return {
    ...toSummary(row),
    html: row.body_html,
    reviewReason: row.review_reason,
    sourceDiff: row.source_diff,
    rejectedReason: row.rejected_reason,
    mergedIntoId: row.merged_into_id,
    curated: row.curated,
    sources: sources.map((s) => ({
      threadId: s.thread_id,
      threadTitle: s.title,
      postId: s.answer_post_id,
      questionPostId: s.question_post_id,
      questionRevision: s.question_revision,
      answerRevision: s.answer_revision,
      author: s.author_id !== null ? { id: s.author_id, handle: s.author_handle! } : null,
      url: `/t/${s.thread_id}${s.answer_post_id ? `#post-${s.answer_post_id}` : ""}`,
    })),
  };
}

/** The published article a thread feeds, for "This answer is in the knowledge base" on the thread page. */
export async function publishedArticleForThread(db: Db, threadId: number): Promise<{ id: number; slug: string; title: string; url: string; postId: number | null } | null> {
  const row = await db
    .selectFrom("kb_article_sources as s")
    .innerJoin("kb_articles as a", "a.id", "s.article_id")
    .select(["a.id", "a.slug", "a.title", "s.answer_post_id"])
    .where("s.thread_id", "=", threadId)
    .where("a.status", "=", "published")
    .executeTakeFirst();
  return row ? { id: row.id, slug: row.slug, title: row.title, url: articleUrl(row.slug), postId: row.answer_post_id } : null;
}

/** Published articles by category, for the knowledge base's front page. */
export async function knowledgeBaseIndex(db: Db): Promise<{ categories: { slug: string; name: string; articles: ArticleSummary[] }[]; tags: { tag: string; count: number }[] }> {
  const rows = await selectArticles(db).where("a.status", "=", "published").orderBy("c.position").orderBy("a.title").limit(500).execute();
  const byCategory = new Map<string, { slug: string; name: string; articles: ArticleSummary[] }>();
  for (const row of rows) {
    const slug = row.category_slug ?? "";
    if (!byCategory.has(slug)) byCategory.set(slug, { slug, name: row.category_name ?? "Other", articles: [] });
    byCategory.get(slug)!.articles.push(toSummary(row));
  }
  const { rows: tags } = await sql<{ tag: string; count: number }>`
    select tag, count(*)::int as count from kb_articles, unnest(tags) as tag
    where status = 'published' group by tag order by count desc, tag limit 40`.execute(db);
  return { categories: [...byCategory.values()], tags };
}

/**
 * The knowledge base's front page: every published article by category with the tags, or, when
 * the reader picked a category or a tag or searched, just the articles that match.
 */
export async function browseKnowledgeBase(db: Db, actor: Actor | null, input: Record<string, string | undefined>) {
  const filter = { q: input.q?.trim() ?? "", category: input.category?.trim() ?? "", tag: input.tag?.trim() ?? "" };
  if (!filter.q && !filter.category && !filter.tag) return { view: "index" as const, filter, ...(await knowledgeBaseIndex(db)) };
  const { articles, next } = await listArticles(db, actor, { ...filter, status: "published", offset: input.offset });
  return { view: "filtered" as const, filter, articles, next, categoryName: articles[0]?.category?.name ?? null };
}
