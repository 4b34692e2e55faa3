import { sql, type RawBuilder } from "kysely";
import { prepareSearchQuery } from "../../lib/language";

/** The configurations articles are indexed with, one per supported language ('simple' is Chinese). */
const CONFIGS = ["english", "swedish", "norwegian", "simple"] as const;

/**
 * A tsquery for articles from what a reader typed: every language's reading of it OR-ed, as for
 * threads (an article's language is known, the query's is not). Only bound parameters reach
 * PostgreSQL.
 */
export function articleMatches(q: string): RawBuilder<unknown> {
  const text = prepareSearchQuery(q);
  return sql`(${sql.join(
    CONFIGS.map((config) => sql`websearch_to_tsquery(${sql.lit(config)}::regconfig, ${text})`),
    sql` || `,
  )})`;
}

/**
 * A title's words as an OR query for articleMatches: any of them may match, the rank says how
 * well (a draft's title or a customer's half-typed question rarely shares every word).
 */
export function anyWordQuery(title: string): string {
  const words = title.match(/[\p{L}\p{N}]{3,}/gu) ?? [];
  return [...new Set(words)].slice(0, 12).join(" or ");
}
