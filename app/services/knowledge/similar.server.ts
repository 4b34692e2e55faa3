/**
 * Before publishing, the curator sees the existing articles on the same topic, found three ways:
 * full-text relevance to the draft's title, trigram similarity of the titles (typos, word
 * order), and near-duplicate bodies by shingles. One topic should have one article: the curator
 * can merge the draft into one of these instead of publishing a second.
 */
import { sql } from "kysely";
import type { Db } from "../../../db/index";
import { notFound, msg } from "../../lib/errors";
import { htmlToPlainText } from "../../lib/markdown/render.server";
import { idSchema, parseInput } from "../../lib/validation";
import { ensure, type Actor } from "../guardian";
import { anyTermQueryText, significantTerms, tsquery } from "../search/query";
import { articleUrl } from "./articles.server";
import { jaccard, NEAR_DUPLICATE, shingles } from "./shingles";

export interface SimilarArticle {
  id: number;
  slug: string;
  title: string;
  status: string;
  url: string;
  /** Full-text rank of the candidate for the draft's title words. */
  textScore: number;
  /** pg_trgm similarity of the two titles, 0 to 1. */
  titleSimilarity: number;
  /** Jaccard similarity of the bodies' shingles, 0 to 1. */
  bodyOverlap: number;
  nearDuplicate: boolean;
}

const CANDIDATES = 20;
const TITLE_SIMILARITY_FLOOR = 0.3;


export async function similarArticles(db: Db, actor: Actor | null, articleId: unknown): Promise<SimilarArticle[]> {
  ensure(actor, "kb.curate");
  const id = parseInput(idSchema, articleId);
  const article = await db.selectFrom("kb_articles").select(["title", "body_html"]).where("id", "=", id).executeTakeFirst();
  if (!article) throw notFound(msg("article.notFound"));
  // Any of the title's significant words may match; the rank says how well.
  const terms = significantTerms(article.title);
  const textMatch = terms.length > 0 ? tsquery(anyTermQueryText(terms)) : null;
  const rows = await db
    .selectFrom("kb_articles as a")
    .select([
      "a.id",
      "a.slug",
      "a.title",
      "a.status",
      "a.body_html",
      sql<number>`similarity(a.title, ${article.title})`.as("title_similarity"),
      (textMatch ? sql<number>`ts_rank(a.search_vector, ${textMatch})` : sql<number>`0`).as("text_score"),
    ])
    .where("a.id", "!=", id)
    .where("a.status", "not in", ["archived", "rejected"])
    .where((eb) =>
      eb.or([
        eb(sql<number>`similarity(a.title, ${article.title})`, ">=", TITLE_SIMILARITY_FLOOR),
        ...(textMatch ? [eb(sql<boolean>`a.search_vector @@ ${textMatch}`, "=", true)] : []),
      ]),
    )
    .orderBy(sql`similarity(a.title, ${article.title}) + ${textMatch ? sql`ts_rank(a.search_vector, ${textMatch})` : sql`0`}`, "desc")
    .limit(CANDIDATES)
    .execute();
  const mine = shingles(htmlToPlainText(article.body_html));
  return rows
    .map((r) => {
      const bodyOverlap = jaccard(mine, shingles(htmlToPlainText(r.body_html)));
      return {
        id: r.id,
        slug: r.slug,
        title: r.title,
        status: r.status,
        url: articleUrl(r.slug),
        textScore: Number(r.text_score),
        titleSimilarity: Number(r.title_similarity),
        bodyOverlap,
        nearDuplicate: bodyOverlap >= NEAR_DUPLICATE,
      };
    })
    .sort((a, b) => Number(b.nearDuplicate) - Number(a.nearDuplicate) || b.bodyOverlap + b.titleSimilarity + b.textScore - (a.bodyOverlap + a.titleSimilarity + a.textScore));
}
