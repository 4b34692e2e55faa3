/**
 * What the knowledge base's pages show, each gathered by one call: the article page for readers
 * (the article, the reader's own vote, a view counted) and the curation page for curators (the
 * article with its Markdown, the steps allowed from its status, its revisions and, before
 * publication, the existing articles on the same topic).
 */
import type { Db } from "../../../db/index";
import type { ArticleStatus } from "../../../db/schema";
import { isAppError } from "../../lib/errors";
import { can, ensure, type Actor } from "../guardian";
import { articleUrl, getArticle, type ArticleView } from "./articles.server";
import { listArticleRevisions, TRANSITIONS, type Transition } from "./curation.server";
import { readerVote, recordArticleView } from "./feedback.server";
import { similarArticles } from "./similar.server";

/**
 * The article page by slug. Asked by id (old links, results that carry only the id), it answers
 * with the canonical address to redirect to, and counts nothing.
 */
export interface ArticlePage {
  article: ArticleView;
  vote: { helpful: boolean; comment: string } | null;
  canRate: boolean;
  canCurate: boolean;
}

export async function articlePage(db: Db, actor: Actor | null, slug: unknown, reader: { visitorId: string | null; countView: boolean }): Promise<ArticlePage | { redirectTo: string }> {
  const article = await getArticle(db, actor, slug).catch(async (error: unknown) => {
    // An article merged into another lives on there: old links (bookmarks, search engines) follow it.
    const moved = isAppError(error) && error.status === 404 && typeof slug === "string" && /^[^\u0000]{1,200}$/.test(slug) ? await mergedInto(db, slug) : null;
    if (moved) return moved;
    throw error;
  });
  if (typeof article === "string") return { redirectTo: article };
  if (article.slug !== slug) return { redirectTo: article.url };
  // Only readers of what is published make the figures; a curator checking a draft is not a view.
  const countView = reader.countView && article.status === "published";
  const [vote] = await Promise.all([readerVote(db, actor, article.id, reader.visitorId), countView ? recordArticleView(db, article.id) : null]);
  return {
    article: { ...article, views: article.views + (countView ? 1 : 0) },
    vote,
    canRate: can(actor, "kb.feedback", { status: article.status }),
    canCurate: can(actor, "kb.curate"),
  };
}

/** Where the article at this slug went, if it was merged into one that is published. */
async function mergedInto(db: Db, slug: string): Promise<string | null> {
  const row = await db
    .selectFrom("kb_articles as a")
    .innerJoin("kb_articles as m", "m.id", "a.merged_into_id")
    .select("m.slug")
    .where("a.slug", "=", slug)
    .where("m.status", "=", "published")
    .executeTakeFirst();
  return row ? articleUrl(row.slug) : null;
}

/** Statuses an article can be merged away from (into another), as mergeArticle allows. */
const UNPUBLISHED: readonly ArticleStatus[] = ["draft", "in_review", "needs_review"];

export async function curationPage(db: Db, actor: Actor | null, articleId: unknown) {
  ensure(actor, "kb.curate");
  const article = await getArticle(db, actor, articleId);
  const unpublished = UNPUBLISHED.includes(article.status);
  const [row, revisions, similar] = await Promise.all([
    db
      .selectFrom("kb_articles as a")
      .leftJoin("kb_articles as m", "m.id", "a.merged_into_id")
      .select(["a.body_md", "m.id as merged_id", "m.slug as merged_slug", "m.title as merged_title"])
      .where("a.id", "=", article.id)
      .executeTakeFirstOrThrow(),
    listArticleRevisions(db, actor, article.id),
    unpublished ? similarArticles(db, actor, article.id) : Promise.resolve([]),
  ]);
  const transitions = (Object.keys(TRANSITIONS) as Transition[]).filter((t) => (TRANSITIONS[t].from as readonly ArticleStatus[]).includes(article.status));
  return {
    article,
    markdown: row.body_md,
    mergedInto: row.merged_id !== null ? { id: row.merged_id, title: row.merged_title!, url: articleUrl(row.merged_slug!) } : null,
    transitions,
    /** Edits are refused on archived and rejected articles (reopen first). */
    editable: article.status !== "archived" && article.status !== "rejected",
    mergeable: unpublished,
    revisions,
    similar,
  };
}
