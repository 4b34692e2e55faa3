import { sql, type RawBuilder } from "kysely";
import { z } from "zod";
import type { Db } from "../../db/index";
import { THREAD_KINDS, type ThreadKind } from "../../db/schema";
import { prepareSearchQuery, unsegmentCjk } from "../lib/language";
import { parseInput } from "../lib/validation";
import { can, ensure, type Actor } from "./guardian";
import { threadUrl } from "./community/views";

/**
 * Full-text search over the community, in English, Swedish, Norwegian and Chinese.
 *
 * Each title and post is indexed with its own language's configuration (see app/lib/language.ts),
 * but a query's language is unknown: it is parsed with all four configurations and the results
 * OR-ed, so "lösenordet" meets the Swedish index and "configuring" the English one. Everything
 * the user typed reaches PostgreSQL as a bound parameter; the only tsquery text we build
 * ourselves is made of letters and digits we have filtered.
 */

/** The configurations a query is parsed with: one per supported language ('simple' is Chinese). */
const SEARCH_CONFIGS = ["english", "swedish", "norwegian", "simple"] as const;

/** Solved threads are what a searcher hopes for: a small multiplicative nudge up the list. */
const SOLVED_BOOST = 1.15;
/** For "similar threads" while asking, an existing answer is the point: a stronger nudge. */
const SIMILAR_SOLVED_BOOST = 1.5;

const MAX_QUERY_LENGTH = 200;
const MAX_TERMS = 8;

/**
 * ts_headline's options. \u0001/\u0002 mark the hits: characters no text we index contains (they
 * are stripped from it first), so after HTML-escaping the snippet they are the only places
 * that become tags. Chinese is indexed one character per token, and ts_headline will not grow
 * a fragment across "short words" (≤ ShortWord letters), so for 'simple' it is 0: otherwise a
 * Chinese snippet would be the matched characters alone, without context.
 */
const HEADLINE_OPTIONS = 'StartSel=\u0001, StopSel=\u0002, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "';
const HEADLINE_OPTIONS_CJK = `${HEADLINE_OPTIONS}, ShortWord=0`;

// ── Input ──────────────────────────────────────────────────────────────────────────────────

/** Control characters (NUL would be a database error) and lone surrogates become spaces. */
const cleanText = (value: string) => value.replace(/[\u0000-\u001f\u007f]|\p{Cs}/gu, " ");

/** "true"/"false" from a query string, a real boolean from JSON; "" (an empty form field) is "any". */
const booleanParam = z
  .union([z.boolean(), z.enum(["true", "false", ""], { errorMap: () => ({ message: "solved must be true or false" }) })])
  .transform((v) => (v === "" ? undefined : v === true || v === "true"));

/** Empty form fields mean "no filter": an unselected <select> submits "". */
const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);

export const searchSchema = z.object({
  q: z
    .string({ required_error: "q is required", invalid_type_error: "q must be text" })
    .transform((s) => cleanText(s).trim())
    .pipe(z.string().min(1, "q is required").max(MAX_QUERY_LENGTH, `q must be at most ${MAX_QUERY_LENGTH} characters`)),
  category: z.preprocess(
    blankToUndefined,
    z.union([z.number().int().positive().max(2_147_483_647), z.string().trim().min(1).max(60, "category must be a slug or an id")]).optional(),
  ),
  kind: z.preprocess(blankToUndefined, z.enum(THREAD_KINDS, { errorMap: () => ({ message: `kind must be one of ${THREAD_KINDS.join(", ")}` }) }).optional()),
  solved: booleanParam.optional(),
  limit: z.preprocess(blankToUndefined, z.coerce.number({ invalid_type_error: "limit must be a number" }).int().min(1, "limit must be 1 to 50").max(50, "limit must be 1 to 50").default(20)),
});

export type SearchInput = z.output<typeof searchSchema>;

// ── Output ─────────────────────────────────────────────────────────────────────────────────

export interface SearchResult {
  type: "thread";
  /** The thread's id (articles, when they join, carry their own id and a null threadId). */
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
  /** True when nothing matched exactly and these are looser, prefix matches (see relaxedQuery). */
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

// ── tsquery building ───────────────────────────────────────────────────────────────────────

type TsQuery = RawBuilder<unknown>;

/** One parser function applied with every configuration, OR-ed: any language's reading may match. */
function inEveryLanguage(parser: "websearch_to_tsquery" | "to_tsquery", text: string): TsQuery {
  const fn = sql.raw(parser); // one of two fixed names, never user input
  return sql`(${sql.join(
    SEARCH_CONFIGS.map((config) => sql`${fn}(${sql.lit(config)}::regconfig, ${text})`),
    sql` || `,
  )})`;
}

/**
 * Splits a web-search query into what must match and the -exclusions (a word or a -"phrase",
 * outside quotes). They are parsed apart because the four readings are OR-ed: left inside,
 * "dashboard -widgets" would still find "Dashboard widgets" through the 'simple' reading, which
 * looks for the lexeme 'widgets' where the English index holds 'widget'.
 */
export function splitExclusions(q: string): { include: string; exclude: string[] } {
  const include: string[] = [];
  const exclude: string[] = [];
  for (const token of q.match(/-*"[^"]*"?|\S+/g) ?? []) {
    const negated = token.length > 1 && token.startsWith("-");
    const term = token.replace(/^-+/, "");
    if (negated && term.replace(/"/g, "").trim() !== "") exclude.push(term);
    else include.push(token);
  }
  return { include: include.join(" "), exclude };
}

/** A tsquery to search with and, for the title, what the thread's title must not contain. */
interface Query {
  match: TsQuery;
  titleExcludes: TsQuery | null;
}

/**
 * The user's query in web-search syntax ("phrases", or, -not), Chinese runs made phrases: what
 * must match, in any language's reading, and none of the exclusions, in any reading. Each
 * title and post is matched on its own, so the title's exclusion is also checked for threads
 * found through a post: "dashboard -widgets" must not show "Dashboard widgets" because one of
 * its posts says only "dashboard".
 */
function websearchQuery(q: string): Query {
  const { include, exclude } = splitExclusions(q);
  const wanted = inEveryLanguage("websearch_to_tsquery", prepareSearchQuery(include));
  if (exclude.length === 0) return { match: wanted, titleExcludes: null };
  const unwanted = sql`(${sql.join(
    exclude.map((term) => inEveryLanguage("websearch_to_tsquery", prepareSearchQuery(term))),
    sql` || `,
  )})`;
  return { match: sql`(${wanted} && !!${unwanted})`, titleExcludes: unwanted };
}

/** The characters app/lib/language.ts indexes one per token. */
const CJK_CHARS = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff";
const CJK_RUN = new RegExp(`[${CJK_CHARS}]+`, "gu");
const CJK_ONLY = new RegExp(`^[${CJK_CHARS}]+$`, "u");
/** Letters and digits of any script: the only characters a term we build may contain. */
const WORD = /[\p{L}\p{N}]+/gu;

/** Lower-cased words of letters/digits (Chinese runs removed), each once, in order. */
function plainWords(text: string): string[] {
  const words = cleanText(text).normalize("NFC").toLowerCase().replace(CJK_RUN, " ").match(WORD) ?? [];
  return [...new Set(words)];
}

/** Every pair of adjacent characters in each Chinese run: "数据库" → 数据, 据库. */
function cjkBigrams(text: string): string[] {
  const bigrams: string[] = [];
  for (const run of text.match(CJK_RUN) ?? []) {
    const chars = [...run];
    for (let i = 0; i + 1 < chars.length; i++) bigrams.push(chars[i]! + chars[i + 1]!);
  }
  return [...new Set(bigrams)];
}

/**
 * One to_tsquery operand. Terms hold only letters and digits (see plainWords/cjkBigrams), so
 * quoting them cannot break out; a Chinese bigram is a phrase of its two characters, matching
 * how Chinese is indexed.
 */
function operand(term: string, prefix = false): string {
  const chars = [...term];
  if (chars.length === 2 && CJK_ONLY.test(term)) return `('${chars[0]}' <-> '${chars[1]}')`;
  return `'${term}'${prefix ? ":*" : ""}`;
}

/**
 * The significant terms of a title, for "similar threads": words of three letters or more and
 * Chinese bigrams, at most eight. Stop words are left to each configuration to drop.
 */
export function significantTerms(title: string): string[] {
  const words = plainWords(title).filter((w) => [...w].length >= 3);
  return [...words, ...cjkBigrams(cleanText(title))].slice(0, MAX_TERMS);
}

/** `a | b | c` for to_tsquery: any one term may match, so a partial overlap is still found. */
export function anyTermQueryText(terms: string[]): string {
  return terms.map((t) => operand(t)).join(" | ");
}

/**
 * Only plain words are relaxed: a "phrase" or an -exclusion is the searcher asking for
 * exactness, and the relaxed query (positive prefixes only) would turn "-foo" into "foo".
 */
function isPlainQuery(q: string): boolean {
  return !/"|(?:^|\s)-/.test(q);
}

/**
 * The fallback when a query matched nothing: every word of four letters or more as a prefix,
 * both whole and with its last letters cut off, any one sufficing. Snowball stemmers do not
 * unify every inflection (Swedish "glömt" stems to 'glömt', "glömde" to 'glömd'), but the root
 * 'glöm':* covers both. Looser, so only used when the exact query found nothing.
 */
export function relaxedQueryText(q: string): string {
  const operands: string[] = [];
  for (const word of plainWords(q).filter((w) => [...w].length >= 4).slice(0, MAX_TERMS)) {
    operands.push(operand(word, true));
    const chars = [...word];
    const cut = chars.length >= 7 ? 2 : chars.length >= 5 ? 1 : 0;
    if (cut > 0) operands.push(operand(chars.slice(0, chars.length - cut).join(""), true));
  }
  return operands.join(" | ");
}

// ── Snippets ───────────────────────────────────────────────────────────────────────────────

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * segmentCjk also spaced out Chinese punctuation ("了，请" was indexed as "了 ， 请"), which
 * unsegmentCjk leaves alone: the space between a Chinese character (or a hit marker) and
 * full-width punctuation goes too.
 */
const CJK_PUNCTUATION = "\\u3000-\\u303f\\uff00-\\uffef";
const SPACE_AT_CJK_PUNCTUATION = new RegExp(
  `(?<=[${CJK_CHARS}${CJK_PUNCTUATION}]\\u0002?) (?=\\u0001?[${CJK_PUNCTUATION}])|(?<=[${CJK_PUNCTUATION}]) (?=\\u0001?[${CJK_CHARS}])`,
  "g",
);

/**
 * ts_headline's output made safe to render as HTML. Post text is plain text that may spell out
 * "<script>": everything is escaped first, so the only tags are the <mark>s we add for the hit
 * markers. The spaces segmentCjk put between Chinese characters go before that (unsegmentCjk
 * knows the markers), and adjacent marked characters merge into one <mark>.
 */
export function renderSnippet(headline: string): string {
  const escaped = headline.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
  return unsegmentCjk(escaped)
    .replace(SPACE_AT_CJK_PUNCTUATION, "")
    .replace(/\u0002\u0001/g, "")
    .replace(/\u0001/g, "<mark>")
    .replace(/\u0002/g, "</mark>")
    .trim();
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
 * One ranked query per search: candidates, rank, best post and snippet together.
 *
 * Candidates are the UNION of threads whose title matches and threads with a visible matching
 * post: each side is a plain `vector @@ query` that its GIN index answers (an OR across the two
 * tables could use neither). The best post comes from a LATERAL subquery per candidate, found
 * through posts' (thread_id, number) key. Rank is the title's ts_rank (weight A = 1.0) plus the
 * best post's (weight B = 0.4), so a title hit always outranks a body-only hit of the same
 * words; solved threads get SOLVED_BOOST. ts_headline, the costly part, runs in the outer query
 * on the page of results only.
 */
async function rankedSearch(db: Db, query: Query, scope: Scope) {
  const tsq = query.match;
  // A query of exclusions only ("-foo") can use no index and would match nearly everything:
  // querytree() is 'T' for it, a constant the planner folds into "no rows" without a scan.
  const positive = sql<boolean>`querytree(${tsq}) <> 'T'`;
  const candidates = db
    .selectFrom("threads")
    .select("threads.id as thread_id")
    .where(positive)
    .where(sql<boolean>`threads.title_vector @@ ${tsq}`)
    .union(
      db
        .selectFrom("posts")
        .select("posts.thread_id")
        .where(positive)
        .where("posts.status", "=", "visible")
        .where(sql<boolean>`posts.body_vector @@ ${tsq}`),
    );

  let ranked = db
    .selectFrom(candidates.as("c"))
    .innerJoin("threads as t", "t.id", "c.thread_id")
    .innerJoin("categories as cat", "cat.id", "t.category_id")
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom("posts as p")
          .select(["p.id", "p.search_config", "p.search_text", sql<number>`ts_rank(p.body_vector, ${tsq})`.as("rank")])
          .whereRef("p.thread_id", "=", "t.id")
          .where("p.status", "=", "visible")
          .where(sql<boolean>`p.body_vector @@ ${tsq}`)
          .orderBy("rank", "desc")
          .orderBy("p.number")
          .limit(1)
          .as("best"),
      (join) => join.onTrue(),
    )
    .select([
      "t.id",
      "t.title",
      "t.kind",
      "t.accepted_post_id",
      "t.vote_count",
      "t.post_count",
      "t.last_post_at",
      "cat.slug as category_slug",
      "cat.name as category_name",
      "best.id as post_id",
      // ts_rank scores a phrase by its words even where they are not adjacent: count the title
      // only when it really matches.
      sql<number>`(
        (case when t.title_vector @@ ${tsq} then ts_rank(t.title_vector, ${tsq}) else 0 end + coalesce(best.rank, 0))
        * (case when t.accepted_post_id is null then 1 else ${SOLVED_BOOST}::real end)
      )`.as("rank"),
      // The snippet's source: the best post, or the title when only the title matched.
      sql<string>`case when best.id is null then t.search_config else best.search_config end`.as("snippet_config"),
      sql<string>`case when best.id is null then t.title_search_text else best.search_text end`.as("snippet_text"),
    ])
    .where("t.merged_into_id", "is", null)
    .orderBy("rank", "desc")
    .orderBy("t.last_post_at", "desc")
    .orderBy("t.id", "desc")
    .limit(scope.limit);

  if (!scope.seeHidden) ranked = ranked.where("t.hidden", "=", false).where("t.awaiting_approval", "=", false);
  if (query.titleExcludes) ranked = ranked.where(sql<boolean>`not (t.title_vector @@ ${query.titleExcludes})`);
  if (scope.category !== undefined) {
    // Digits are an id (a too-long number cannot be one, and would overflow the integer column).
    const asId = typeof scope.category === "number" ? scope.category : /^\d{1,9}$/.test(scope.category) ? Number(scope.category) : null;
    ranked = asId !== null ? ranked.where("t.category_id", "=", asId) : ranked.where("cat.slug", "=", String(scope.category));
  }
  if (scope.kind) ranked = ranked.where("t.kind", "=", scope.kind);
  if (scope.solved !== undefined) ranked = ranked.where("t.accepted_post_id", scope.solved ? "is not" : "is", null);

  return db
    .selectFrom(ranked.as("r"))
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
      // The markers must be ours alone: strip any \u0001/\u0002 a post might contain.
      sql<string>`ts_headline(
        r.snippet_config::regconfig,
        translate(r.snippet_text, chr(1) || chr(2), ''),
        ${tsq},
        case when r.snippet_config::regconfig = 'simple'::regconfig then ${HEADLINE_OPTIONS_CJK} else ${HEADLINE_OPTIONS} end
      )`.as("headline"),
    ])
    .orderBy("r.rank", "desc")
    .orderBy("r.last_post_at", "desc")
    .orderBy("r.id", "desc")
    .execute();
}

type RankedRow = Awaited<ReturnType<typeof rankedSearch>>[number];

function toSearchResult(row: RankedRow): SearchResult {
  return {
    type: "thread",
    id: row.id,
    threadId: row.id,
    title: row.title,
    snippet: renderSnippet(row.headline),
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
 * when it finds nothing, the relaxed prefix query (see relaxedQueryText).
 */
export async function searchThreads(db: Db, actor: Actor | null, input: unknown): Promise<SearchResponse> {
  ensure(actor, "category.view");
  const params = parseInput(searchSchema, input);
  const scope: Scope = { seeHidden: can(actor, "thread.viewHidden"), category: params.category, kind: params.kind, solved: params.solved, limit: params.limit };

  let rows = await rankedSearch(db, websearchQuery(params.q), scope);
  let relaxed = false;
  if (rows.length === 0 && isPlainQuery(params.q)) {
    const loose = relaxedQueryText(params.q);
    if (loose) {
      rows = await rankedSearch(db, { match: inEveryLanguage("to_tsquery", loose), titleExcludes: null }, scope);
      relaxed = rows.length > 0;
    }
  }
  // Knowledge-base articles (type "article") will be searched here too and merged into this
  // list by rank once the knowledge base exists.
  return { results: rows.map(toSearchResult), query: params.q, relaxed };
}

// ── Similar threads ────────────────────────────────────────────────────────────────────────

/**
 * Threads whose titles share words with a question being typed, so the asker may find the
 * answer before posting. Any one shared term matches (OR), more shared terms rank higher, and
 * solved threads are preferred. Hidden and merged threads are never suggested, not even to
 * staff: a suggestion is something to send an asker to. One query, or none for a short title.
 */
export async function similarThreads(db: Db, actor: Actor | null, title: string, limit = 5): Promise<{ threads: SimilarThread[] }> {
  ensure(actor, "category.view");
  const text = typeof title === "string" ? title.slice(0, MAX_QUERY_LENGTH).trim() : "";
  if ([...text].length < 3) return { threads: [] };
  const terms = significantTerms(text);
  if (terms.length === 0) return { threads: [] };
  const tsq = inEveryLanguage("to_tsquery", anyTermQueryText(terms));
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
