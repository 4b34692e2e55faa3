import { sql, type RawBuilder } from "kysely";
import { isStopWord } from "../../lib/text/stopwords";
import { tokenise, type Token } from "../../lib/text/analyze";

/**
 * A search box query → a tsquery over the index the application writes (app/lib/text), for
 * any table indexed that way (threads and posts today, knowledge-base articles later).
 *
 * The query is read like websearch_to_tsquery reads it ("phrases", `or`, -exclusions), and
 * each word is analysed as the index was: a word matches any of its terms (itself, its stems
 * and base forms in every language, since a query's language is unknown), and a compound also
 * matches a text holding all of its parts. Chinese words must match as words ("会议" is not
 * found in "社会议题"); characters jieba does not join into a word must stand side by side.
 *
 * The tsquery is built as text, but only from terms of letters and digits (see tokenise), each
 * quoted; it reaches PostgreSQL as one bound parameter cast to tsquery.
 */

/** Control characters (NUL would be a database error) and lone surrogates become spaces. */
export const cleanText = (value: string) => value.replace(/[\u0000-\u001f\u007f]|\p{Cs}/gu, " ");

const MAX_TERMS = 8;
/** The shortest prefix the fallback query uses (see relaxedQueryText). */
const MIN_PREFIX = 5;

/** What a snippet marks: any token holding one of the terms, starting with a prefix, or a run of Chinese characters. */
export interface Highlight {
  terms: Set<string>;
  prefixes: string[];
  phrases: string[];
}

export interface SearchQuery {
  /** tsquery text: what must match and none of the exclusions. */
  match: string;
  /** tsquery text of the exclusions alone (a thread's title must not match it either). */
  excludes: string | null;
  highlight: Highlight;
}

/** The tsquery text as SQL: a bound parameter, cast. */
export function tsquery(text: string): RawBuilder<unknown> {
  return sql`${text}::tsquery`;
}

function quote(term: string): string {
  return `'${term.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
}

function anyOf(terms: string[], prefix = false): string {
  const operands = [...new Set(terms)].map((t) => quote(t) + (prefix ? ":*" : ""));
  return operands.length === 1 ? operands[0]! : `(${operands.join(" | ")})`;
}

/** A word: any of its terms, or all of its compound parts. */
function wordQuery(token: Token): string {
  const whole = anyOf(token.terms);
  if (token.parts.length === 0) return whole;
  return `(${whole} | (${token.parts.map((p) => anyOf(p)).join(" & ")}))`;
}

/** Tokens in order, each at its distance from the one before ("数据库" <3> "备份"). */
function phraseQuery(tokens: Token[]): string {
  if (tokens.length === 1) return anyOf(tokens[0]!.terms);
  return `(${tokens.map((t, i) => (i === 0 ? "" : ` <${t.position - tokens[i - 1]!.position}> `) + anyOf(t.terms)).join("")})`;
}

/** One piece of the query: its tsquery, and whether it is only a function word (then not required). */
interface Clause {
  query: string;
  stopWord: boolean;
}

/** What a snippet should mark for these tokens: their terms (a phrase's lone Chinese characters are marked as a run instead). */
function collect(tokens: Token[], highlight: Highlight, phrase: boolean) {
  for (const token of tokens) {
    if (phrase && token.chinese && token.word.length === 1) continue;
    token.terms.forEach((t) => highlight.terms.add(t));
    token.parts.flat().forEach((t) => highlight.terms.add(t));
  }
}

/**
 * Chinese words of one run: dictionary words each on its own (all required, as words of a
 * sentence), and characters jieba left single kept together as a phrase: "飞书" (not in the
 * dictionary) must still be those two characters side by side.
 */
function chineseClauses(tokens: Token[], highlight: Highlight): Clause[] {
  const clauses: Clause[] = [];
  let singles: Token[] = [];
  const flush = () => {
    if (singles.length === 0) return;
    const text = singles.map((t) => t.word).join("");
    if (singles.length > 1) highlight.phrases.push(text);
    else highlight.terms.add(text);
    clauses.push({ query: phraseQuery(singles), stopWord: singles.length === 1 && isStopWord(text) });
    singles = [];
  };
  for (const token of tokens) {
    if (token.word.length === 1) {
      singles.push(token);
      continue;
    }
    flush();
    highlight.terms.add(token.word);
    clauses.push({ query: anyOf(token.terms), stopWord: isStopWord(token.word) });
  }
  flush();
  return clauses;
}

/** A whitespace-separated piece of the query, or a quoted phrase. */
function chunkClauses(chunk: string, quoted: boolean, highlight: Highlight): Clause[] {
  const tokens = tokenise(chunk, "query");
  if (tokens.length === 0) return [];
  if (!quoted && tokens.every((t) => t.chinese)) return chineseClauses(tokens, highlight);
  if (!quoted && tokens.length === 1) {
    collect(tokens, highlight, false);
    return [{ query: wordQuery(tokens[0]!), stopWord: isStopWord(tokens[0]!.word) }];
  }
  // "sign-on", "2.1.0", "API失败" and quoted phrases: their words side by side.
  collect(tokens, highlight, true);
  const chineseRun = tokens.filter((t) => t.chinese && t.word.length === 1).map((t) => t.word).join("");
  if (chineseRun.length > 1) highlight.phrases.push(chineseRun);
  return [{ query: phraseQuery(tokens), stopWord: false }];
}

/**
 * Splits a web-search query into what must match and the -exclusions (a word or a -"phrase",
 * outside quotes), so that each can be analysed on its own.
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

function pieces(text: string): { text: string; quoted: boolean }[] {
  return [...text.matchAll(/"([^"]*)"?|(\S+)/g)].map((m) => (m[1] !== undefined ? { text: m[1], quoted: true } : { text: m[2]!, quoted: false }));
}

/**
 * The query a search box sends, as a tsquery, or null when nothing in it can match (no
 * letters or digits, or exclusions only). Function words are not required unless the query
 * has nothing else.
 */
export function buildSearchQuery(q: string): SearchQuery | null {
  const highlight: Highlight = { terms: new Set(), prefixes: [], phrases: [] };
  const { include, exclude } = splitExclusions(cleanText(q));

  // Groups are AND-ed; an `or` between two pieces puts them in one group.
  const groups: Clause[][] = [];
  let joinNext = false;
  for (const piece of pieces(include)) {
    if (!piece.quoted && piece.text.toLowerCase() === "or") {
      joinNext = groups.length > 0;
      continue;
    }
    const clauses = chunkClauses(piece.text, piece.quoted, highlight);
    if (clauses.length === 0) continue;
    if (joinNext) groups.at(-1)!.push(...clauses);
    else groups.push(...clauses.map((c) => [c]));
    joinNext = false;
  }
  const meaningful = groups.filter((g) => g.some((c) => !c.stopWord));
  const required = meaningful.length > 0 ? meaningful : groups;
  if (required.length === 0) return null;
  const wanted = required.map((g) => (g.length === 1 ? g[0]!.query : `(${g.map((c) => c.query).join(" | ")})`)).join(" & ");

  const ignored: Highlight = { terms: new Set(), prefixes: [], phrases: [] };
  const unwanted = exclude.flatMap((term) => {
    const quoted = term.startsWith('"');
    return chunkClauses(quoted ? term.replace(/"/g, "") : term, quoted, ignored).map((c) => c.query);
  });
  const excludes = unwanted.length > 0 ? unwanted.join(" | ") : null;
  return { match: excludes ? `(${wanted}) & !(${excludes})` : wanted, excludes, highlight };
}

// ── Looser queries ─────────────────────────────────────────────────────────────────────────

/** Lower-cased words of letters/digits outside Chinese runs, each once, in order. */
function plainWords(text: string): string[] {
  const words = tokenise(cleanText(text), "query").filter((t) => !t.chinese).map((t) => t.word);
  return [...new Set(words)];
}

/**
 * The fallback when a query matched nothing: every word of five letters or more as a prefix,
 * also with its last letters cut off down to five ('configur':* finds "configuration", which
 * no analysis joins to "configuring"), any one sufficing. Looser, so only used when the exact
 * query found nothing; never shorter than five letters, or a short word that only begins an
 * unrelated longer one would find it ("hund" in "hundratals", "rout" in "router").
 */
export function relaxedQueryText(q: string): string {
  return relaxedPrefixes(q).map((p) => anyOf([p], true)).join(" | ");
}

function relaxedPrefixes(q: string): string[] {
  const prefixes: string[] = [];
  for (const word of plainWords(q).filter((w) => [...w].length >= MIN_PREFIX).slice(0, MAX_TERMS)) {
    prefixes.push(word);
    const chars = [...word];
    const cut = Math.min(2, chars.length - MIN_PREFIX);
    if (cut > 0) prefixes.push(chars.slice(0, chars.length - cut).join(""));
  }
  return prefixes;
}

/** Only plain words are relaxed: a "phrase" or an -exclusion is the searcher asking for exactness. */
function isPlainQuery(q: string): boolean {
  return !/"|(?:^|\s)-/.test(q);
}

export function buildRelaxedQuery(q: string): SearchQuery | null {
  if (!isPlainQuery(q)) return null;
  const prefixes = relaxedPrefixes(q);
  if (prefixes.length === 0) return null;
  return { match: relaxedQueryText(q), excludes: null, highlight: { terms: new Set(), prefixes, phrases: [] } };
}

// ── Any of some terms ──────────────────────────────────────────────────────────────────────

/**
 * The significant words of a title, for "similar threads": words of three letters or more
 * and Chinese dictionary words, function words left out, at most eight.
 */
export function significantTerms(title: string): string[] {
  const words = tokenise(cleanText(title), "query")
    .filter((t) => (t.chinese ? t.word.length >= 2 : [...t.word].length >= 3))
    .map((t) => t.word)
    .filter((w) => !isStopWord(w));
  return [...new Set(words)].slice(0, MAX_TERMS);
}

/** `a | b | c` with each word's terms: any one word may match, so a partial overlap is found. */
export function anyTermQueryText(words: string[]): string {
  return words
    .flatMap((word) => tokenise(word, "query"))
    .map(wordQuery)
    .join(" | ");
}
