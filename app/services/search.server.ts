import { sql } from "kysely";
import { z } from "zod";
import type { Db } from "../../db/index";
import { THREAD_KINDS, type Language, type ThreadKind } from "../../db/schema";
import { parseInput, oneOf, zodEnum, says, zmsg } from "../lib/validation";
import { can, ensure, type Actor } from "./guardian";
import { threadUrl } from "./community/views";
import { anyTermQueryText, buildRelaxedQuery, buildSearchQuery, cleanText, significantTerms, tsquery, type Highlight, type SearchQuery } from "./search/query";
import { buildSnippet } from "./search/snippet";

/**
 * Full-text search over the community, in English, Swedish, Norwegian and Chinese.
 *
 * Titles and posts are indexed by the application (app/lib/text) and queries analysed the same
 * way (search/query.ts): a word finds its inflections and compounds holding it, in whichever
 * of the languages it belongs to, and Chinese words match as words. Everything the user typed
 * reaches PostgreSQL as one bound parameter, a tsquery made only of quoted letters and digits.
 */

/** Solved threads are what a searcher hopes for: a small multiplicative nudge up the list. */
const SOLVED_BOOST = 1.15;
/** For "similar threads" while asking, an existing answer is the point: a stronger nudge. */
const SIMILAR_SOLVED_BOOST = 1.5;

const MAX_QUERY_LENGTH = 200;

// ── Input ──────────────────────────────────────────────────────────────────────────────────

/** "true"/"false" from a query string, a real boolean from JSON; "" (an empty form field) is "any". */
const booleanParam = z
  .union([z.boolean(), z.enum(["true", "false", ""], zodEnum("validation.trueOrFalse", { field: "solved" }))])
  .transform((v) => (v === "" ? undefined : v === true || v === "true"));

/** Empty form fields mean "no filter": an unselected <select> submits "". */
const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);

export const searchSchema = z.object({
  q: z
    .string({ required_error: says.required("q"), invalid_type_error: says.text("q") })
    .transform((s) => cleanText(s).trim())
    .pipe(z.string().min(1, says.required("q")).max(MAX_QUERY_LENGTH, says.atMost("q", MAX_QUERY_LENGTH))),
  category: z.preprocess(
    blankToUndefined,
    z.union([z.number().int().positive().max(2_147_483_647), z.string().trim().min(1).max(60, zmsg("validation.categoryRef"))]).optional(),
  ),
  kind: z.preprocess(blankToUndefined, z.enum(THREAD_KINDS, oneOf("kind", THREAD_KINDS)).optional()),
  solved: booleanParam.optional(),
  limit: z.preprocess(blankToUndefined, z.coerce.number({ invalid_type_error: says.number("limit") }).int().min(1, says.range("limit", 1, 50)).max(50, says.range("limit", 1, 50)).default(20)),
});

export type SearchInput = z.output<typeof searchSchema>;

// ── Output ─────────────────────────────────────────────────────────────────────────────────

export type SearchResult = ThreadResult | ArticleResult;

/** A published knowledge-base article: curated, so ranked a little above a thread on the same words. */
export interface ArticleResult {
  type: "article";
  /** The article's id. */
  id: number;
  /** The thread it was harvested from. */
  threadId: number | null;
  title: string;
  /** HTML-escaped text whose only markup is <mark>…</mark> around the hits. */
  snippet: string;
  category: { slug: string; name: string } | null;
  helpful: number;
  url: string;
  postId: null;
}

export interface ThreadResult {
  type: "thread";
  /** The thread's id. */
  id: number;
  threadId: number;
  title: string;
  /** HTML-escaped text whose only markup is <mark>…</mark> around the hits. */
  snippet: string;
  kind: ThreadKind;
  solved: boolean;
  category: { slug: string; name: string };
  voteCount: number;
  postCount: number;
  url: string;
  /** The visible post that matched best, or null when only the title matched. */
  postId: number | null;
}

export interface SearchResponse {
  results: SearchResult[];
  /** The query as searched (trimmed, cleaned). */
  query: string;
  /** True when nothing matched exactly and these are looser, prefix matches (see buildRelaxedQuery). */
  relaxed: boolean;
}

export interface SimilarThread {
  id: number;
  title: string;
  url: string;
  solved: boolean;
  kind: ThreadKind;
  postCount: number;
}

// ── Search ─────────────────────────────────────────────────────────────────────────────────

interface Scope {
  /** Staff see hidden threads (never merged ones: those live on in their target). */
  seeHidden: boolean;
  category?: number | string;
  kind?: ThreadKind;
  solved?: boolean;
  limit: number;
}

/**
 * Posts a common word's search ranks first: the newest this many. A word in 4% of a million
 * posts has 40,000 hits, and ranking every one (ts_rank reads each post's vector from the
 * heap) took 0.4 s; the newest 50,000 posts hold a full page of them, and title hits are
 * always ranked over every thread. Only when the window holds less than a page are the older
 * posts ranked too, in the same statement, so rare words lose nothing.
 */
export const RECENT_POSTS_WINDOW = 50_000;

/**
 * One ranked query: candidates, rank, best post and snippet text together.
 *
 * Matching posts are found through the GIN index and ranked once: first those among the
 * newest RECENT_POSTS_WINDOW posts (`recent_hits`), then the older ones only if the recent
 * ones name fewer threads than a page (an uncorrelated condition, so PostgreSQL skips that
 * scan outright when it is false). A filtered search (category, kind, solved) ranks all
 * posts: the window's hits may lie outside the filter. DISTINCT ON keeps each thread's best
 * post (highest rank, then the earliest). Candidates are the UNION of those threads and the
 * threads whose title matches (each side a plain `vector @@ query` its GIN index answers; an
 * OR across the two tables could use neither). Rank is the title's ts_rank (weight A = 1.0)
 * plus the best post's (weight B = 0.4), so a title hit always outranks a body-only hit of
 * the same words; solved threads get SOLVED_BOOST. Only the page's best posts are read whole,
 * for their snippet text (the snippet itself is made afterwards: search/snippet.ts).
 */
async function rankedSearch(db: Db, query: SearchQuery, scope: Scope) {
  const tsq = tsquery(query.match);
  const filtered = scope.category !== undefined || scope.kind !== undefined || scope.solved !== undefined;
  const floor = filtered ? sql<number>`0` : sql<number>`(select coalesce(max(id), 0) - ${RECENT_POSTS_WINDOW}::int from posts)`;
  const rankOf = sql<number>`ts_rank(p.body_vector, ${tsq})`;
  let ranked = db
    .with("recent_hits", (qb) =>
      qb
        .selectFrom("posts as p")
        .select(["p.thread_id", "p.id", "p.number", rankOf.as("rank")])
        .where("p.status", "=", "visible")
        .where(sql<boolean>`p.body_vector @@ ${tsq}`)
        .where("p.id", ">", floor),
    )
    .with("hits", (qb) =>
      qb
        .selectFrom("recent_hits")
        .select(["recent_hits.thread_id", "recent_hits.id", "recent_hits.number", "recent_hits.rank"])
        .unionAll(
          qb
            .selectFrom("posts as p")
            .select(["p.thread_id", "p.id", "p.number", rankOf.as("rank")])
            .where("p.status", "=", "visible")
            .where(sql<boolean>`p.body_vector @@ ${tsq}`)
            .where("p.id", "<=", floor)
            .where(sql<boolean>`(select count(distinct thread_id) from recent_hits) < ${scope.limit}`),
        ),
    )
    .with("best", (qb) =>
      qb
        .selectFrom("hits as h")
        .distinctOn("h.thread_id")
        .select(["h.thread_id", "h.id", "h.rank"])
        .orderBy("h.thread_id")
        .orderBy("h.rank", "desc")
        .orderBy("h.number"),
    )
    .with("candidates", (qb) =>
      qb
        .selectFrom("best")
        .select("best.thread_id")
        .union(qb.selectFrom("threads").select("threads.id as thread_id").where(sql<boolean>`threads.title_vector @@ ${tsq}`)),
    )
    .selectFrom("candidates as c")
    .innerJoin("threads as t", "t.id", "c.thread_id")
    .innerJoin("categories as cat", "cat.id", "t.category_id")
    .leftJoin("best", "best.thread_id", "t.id")
    .select([
      "t.id",
      "t.title",
      "t.kind",
      "t.accepted_post_id",
      "t.vote_count",
      "t.post_count",
      "cat.slug as category_slug",
      "cat.name as category_name",
      "best.id as post_id",
      // ts_rank scores a phrase by its words even where they are not adjacent: count the title
      // only when it really matches.
      sql<number>`(
        (case when t.title_vector @@ ${tsq} then ts_rank(t.title_vector, ${tsq}) else 0 end + coalesce(best.rank, 0))
        * (case when t.accepted_post_id is null then 1 else ${SOLVED_BOOST}::real end)
      )`.as("rank"),
      // The snippet's source when only the title matched; a post's text is read for the page only.
      "t.language as title_language",
      "t.title_search_text",
      "t.last_post_at",
    ])
    .where("t.merged_into_id", "is", null)
    .orderBy("rank", "desc")
    .orderBy("t.last_post_at", "desc")
    .orderBy("t.id", "desc")
    .limit(scope.limit);

  if (!scope.seeHidden) ranked = ranked.where("t.hidden", "=", false).where("t.awaiting_approval", "=", false);
  if (query.excludes) ranked = ranked.where(sql<boolean>`not (t.title_vector @@ ${tsquery(query.excludes)})`);
  if (scope.category !== undefined) {
    // Digits are an id (a too-long number cannot be one, and would overflow the integer column).
    const asId = typeof scope.category === "number" ? scope.category : /^\d{1,9}$/.test(scope.category) ? Number(scope.category) : null;
    ranked = asId !== null ? ranked.where("t.category_id", "=", asId) : ranked.where("cat.slug", "=", String(scope.category));
  }
  if (scope.kind) ranked = ranked.where("t.kind", "=", scope.kind);
  if (scope.solved !== undefined) ranked = ranked.where("t.accepted_post_id", scope.solved ? "is not" : "is", null);
  // The page's best posts, read whole (their text is long) for the page only, not per candidate.
  return db
    .selectFrom(ranked.as("r"))
    .leftJoin("posts as bp", "bp.id", "r.post_id")
    .select([
      "r.id",
      "r.title",
      "r.kind",
      "r.accepted_post_id",
      "r.vote_count",
      "r.post_count",
      "r.category_slug",
      "r.category_name",
      "r.post_id",
      "r.rank",
      sql<Language>`coalesce(bp.language, r.title_language)`.as("snippet_language"),
      sql<string>`coalesce(bp.search_text, r.title_search_text)`.as("snippet_text"),
    ])
    .orderBy("r.rank", "desc")
    .orderBy("r.last_post_at", "desc")
    .orderBy("r.id", "desc")
    .execute();
}

type RankedRow = Awaited<ReturnType<typeof rankedSearch>>[number];

/** Curated answers first when they match as well as a thread does. */
const ARTICLE_BOOST = 1.5;

/** Published articles matching the query, ranked the way threads are (title A, body B). */
async function rankedArticles(db: Db, query: SearchQuery, scope: Scope) {
  const tsq = tsquery(query.match);
  let ranked = db
    .selectFrom("kb_articles as a")
    .leftJoin("categories as cat", "cat.id", "a.category_id")
    .select([
      "a.id",
      "a.slug",
      "a.title",
      "a.source_thread_id",
      "a.helpful_count",
      "a.language",
      "a.search_text",
      "cat.slug as category_slug",
      "cat.name as category_name",
      sql<number>`ts_rank(a.search_vector, ${tsq}) * ${ARTICLE_BOOST}::real`.as("rank"),
    ])
    .where("a.status", "=", "published")
    .where(sql<boolean>`a.search_vector @@ ${tsq}`)
    .orderBy("rank", "desc")
    .orderBy("a.id", "desc")
    .limit(scope.limit);
  if (query.excludes) ranked = ranked.where(sql<boolean>`not (setweight(a.title_lexemes::tsvector, 'A') @@ ${tsquery(query.excludes)})`);
  if (scope.category !== undefined) {
    const asId = typeof scope.category === "number" ? scope.category : /^\d{1,9}$/.test(scope.category) ? Number(scope.category) : null;
    ranked = asId !== null ? ranked.where("a.category_id", "=", asId) : ranked.where("cat.slug", "=", String(scope.category));
  }
  return ranked.execute();
}

type ArticleRow = Awaited<ReturnType<typeof rankedArticles>>[number];

function toArticleResult(row: ArticleRow, highlight: Highlight): ArticleResult {
  return {
    type: "article",
    id: row.id,
    threadId: row.source_thread_id,
    title: row.title,
    snippet: buildSnippet(row.search_text, row.language, highlight),
    category: row.category_slug ? { slug: row.category_slug, name: row.category_name! } : null,
    helpful: row.helpful_count,
    url: `/kb/${encodeURIComponent(row.slug)}`,
    postId: null,
  };
}

function toSearchResult(row: RankedRow, highlight: Highlight): ThreadResult {
  return {
    type: "thread",
    id: row.id,
    threadId: row.id,
    title: row.title,
    snippet: buildSnippet(row.snippet_text, row.snippet_language, highlight),
    kind: row.kind,
    solved: row.accepted_post_id !== null,
    category: { slug: row.category_slug, name: row.category_name },
    voteCount: row.vote_count,
    postCount: row.post_count,
    url: threadUrl(row.id),
    postId: row.post_id,
  };
}

/**
 * Searches threads and posts the actor may see. At most two queries: the exact one, and, only
 * when it finds nothing, the relaxed prefix query (see buildRelaxedQuery); none when the query
 * has nothing to match (exclusions only, no letters or digits).
 */
export async function searchThreads(db: Db, actor: Actor | null, input: unknown): Promise<SearchResponse> {
  ensure(actor, "category.view");
  const params = parseInput(searchSchema, input);
  const scope: Scope = { seeHidden: can(actor, "thread.viewHidden"), category: params.category, kind: params.kind, solved: params.solved, limit: params.limit };

  // Articles answer questions: not when the search asks for a kind of thread or its solved state.
  const withArticles = params.kind === undefined && params.solved === undefined;
  const search = (query: SearchQuery) => Promise.all([rankedSearch(db, query, scope), withArticles ? rankedArticles(db, query, scope) : Promise.resolve([])]);

  const exact = buildSearchQuery(params.q);
  let used = exact;
  let [rows, articles] = exact ? await search(exact) : [[], []];
  let relaxed = false;
  if (rows.length === 0 && articles.length === 0) {
    const loose = buildRelaxedQuery(params.q);
    if (loose) {
      [rows, articles] = await search(loose);
      relaxed = rows.length + articles.length > 0;
      used = loose;
    }
  }
  if (!used) return { results: [], query: params.q, relaxed };
  // Threads and articles in one list, by rank (both are ts_rank on title A / body B vectors).
  const results = [
    ...rows.map((row) => ({ rank: Number(row.rank), result: toSearchResult(row, used.highlight) as SearchResult })),
    ...articles.map((row) => ({ rank: Number(row.rank), result: toArticleResult(row, used.highlight) as SearchResult })),
  ]
    .sort((a, b) => b.rank - a.rank)
    .slice(0, params.limit)
    .map((r) => r.result);
  return { results, query: params.q, relaxed };
}

// ── Similar threads ────────────────────────────────────────────────────────────────────────

/**
 * Threads whose titles share words with a question being typed, so the asker may find the
 * answer before posting. Any one shared word matches (OR), more shared words rank higher, and
 * solved threads are preferred. Hidden and merged threads are never suggested, not even to
 * staff: a suggestion is something to send an asker to. One query, or none for a short title.
 */
export async function similarThreads(db: Db, actor: Actor | null, title: string, limit = 5): Promise<{ threads: SimilarThread[] }> {
  ensure(actor, "category.view");
  const text = typeof title === "string" ? cleanText(title.slice(0, MAX_QUERY_LENGTH)).trim() : "";
  if ([...text].length < 3) return { threads: [] };
  const terms = significantTerms(text);
  if (terms.length === 0) return { threads: [] };
  const tsq = tsquery(anyTermQueryText(terms));
  const rows = await db
    .selectFrom("threads")
    .select([
      "id",
      "title",
      "kind",
      "accepted_post_id",
      "post_count",
      sql<number>`ts_rank(title_vector, ${tsq}) * (case when accepted_post_id is null then 1 else ${SIMILAR_SOLVED_BOOST}::real end)`.as("rank"),
    ])
    .where(sql<boolean>`title_vector @@ ${tsq}`)
    .where("hidden", "=", false)
    .where("awaiting_approval", "=", false)
    .where("merged_into_id", "is", null)
    .orderBy("rank", "desc")
    .orderBy("vote_count", "desc")
    .orderBy("last_post_at", "desc")
    .limit(Math.min(Math.max(Math.trunc(limit) || 5, 1), 20))
    .execute();
  return {
    threads: rows.map((r) => ({ id: r.id, title: r.title, url: threadUrl(r.id), solved: r.accepted_post_id !== null, kind: r.kind, postCount: r.post_count })),
  };
}
