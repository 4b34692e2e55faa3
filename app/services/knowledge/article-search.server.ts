import { sql, type RawBuilder } from "kysely";
import { buildRelaxedQuery, buildSearchQuery, tsquery } from "../search/query";

/**
 * A tsquery for articles from what a reader typed, built exactly as for threads (the same
 * analysis of the query in every language: services/search/query.ts), or null when it holds
 * nothing to search for. `relaxed` is the prefix fallback search uses when nothing matched.
 */
export function articleMatches(q: string, options: { relaxed?: boolean } = {}): RawBuilder<unknown> | null {
  const query = options.relaxed ? buildRelaxedQuery(q) : buildSearchQuery(q);
  return query ? tsquery(query.match) : null;
}

/** Matches nothing: for a query with no searchable terms. */
export const NOTHING = sql`''::tsquery`;
