/**
 * What the new-question form suggests from the knowledge base while a customer types a title:
 * published articles whose words match (full text over title and body, the title weighing
 * most) or whose title is close in spelling (pg_trgm, for typos and word order).
 */
import { sql } from "kysely";
import type { Db } from "../../../db/index";
import { ensure, type Actor } from "../guardian";
import { anyTermQueryText, significantTerms, tsquery } from "../search/query";
import { articleUrl } from "./articles.server";

export interface SuggestedArticle {
  type: "article";
  id: number;
  slug: string;
  title: string;
  url: string;
  helpful: number;
}

const MAX_TITLE = 200;
/** pg_trgm's own default threshold: titles this close are about the same thing more often than not. */
const TITLE_SIMILARITY_FLOOR = 0.3;

export async function similarPublishedArticles(db: Db, actor: Actor | null, title: unknown, limit = 3): Promise<SuggestedArticle[]> {
  ensure(actor, "kb.view", { status: "published" });
  const text = typeof title === "string" ? title.slice(0, MAX_TITLE).trim() : "";
  if ([...text].length < 3) return [];
  // Any of the title's significant words may match (a half-typed question rarely has them all).
  const terms = significantTerms(text);
  const match = terms.length > 0 ? tsquery(anyTermQueryText(terms)) : null;
  const similarity = sql<number>`similarity(a.title, ${text})`;
  const rank = match ? sql<number>`ts_rank(a.search_vector, ${match})` : sql<number>`0`;
  const rows = await db
    .selectFrom("kb_articles as a")
    .select(["a.id", "a.slug", "a.title", "a.helpful_count"])
    .where("a.status", "=", "published")
    .where((eb) =>
      eb.or([
        eb(sql<number>`${similarity}`, ">=", TITLE_SIMILARITY_FLOOR),
        ...(match ? [eb(sql<boolean>`a.search_vector @@ ${match}`, "=", true)] : []),
      ]),
    )
    .orderBy(sql`${similarity} + ${rank}`, "desc")
    .orderBy("a.helpful_count", "desc")
    .orderBy("a.id", "desc")
    .limit(Math.min(Math.max(Math.trunc(limit) || 3, 1), 10))
    .execute();
  return rows.map((r) => ({ type: "article" as const, id: r.id, slug: r.slug, title: r.title, url: articleUrl(r.slug), helpful: r.helpful_count }));
}
