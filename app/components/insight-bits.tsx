import { Link, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";

/**
 * Small pieces shared by the idea board, the lead list and insights: figures formatted the same
 * on server and client (a fixed locale, so hydration never differs), sortable column headers
 * and query-string links that keep the other filters.
 */

const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });

/** 5,000,000 as "5M", the exact amount in the title. */
export function Money({ value }: { value: number }) {
  return <span title={value.toLocaleString("en")}>{value === 0 ? "0" : compact.format(value)}</span>;
}

export const formatMoney = (value: number) => (value === 0 ? "0" : compact.format(value));

/** The current URL's query with some parameters changed (null removes one); paging restarts. */
export function useQueryLink() {
  const [params] = useSearchParams();
  return (changes: Record<string, string | null>) => {
    const copy = new URLSearchParams(params);
    copy.delete("offset");
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === "") copy.delete(key);
      else copy.set(key, value);
    }
    const query = copy.toString();
    return query ? `?${query}` : "?";
  };
}

/**
 * A column header that sorts the table by its figure: a plain link (works without JavaScript),
 * marked with aria-sort while it is the current order.
 */
export function SortHeader({ sort, current, children, numeric }: { sort: string; current: string; children: ReactNode; numeric?: boolean }) {
  const link = useQueryLink();
  const active = sort === current;
  return (
    <th scope="col" aria-sort={active ? "descending" : undefined} className={numeric ? "num" : undefined}>
      <Link to={link({ sort })} className={`sort-link${active ? " is-sorted" : ""}`}>
        {children}
        {active ? <span aria-hidden="true"> ▾</span> : null}
      </Link>
    </th>
  );
}

/** Previous and next pages of an offset-paged list, kept in the query string. */
export function OffsetPager({ next, pageSize, label }: { next: number | null; pageSize: number; label: string }) {
  const [params] = useSearchParams();
  const link = useQueryLink();
  const offset = Math.max(0, Number(params.get("offset")) || 0);
  if (offset === 0 && next === null) return null;
  return (
    <nav className="pager inline-form" aria-label={`More ${label}`}>
      {offset > 0 ? <Link to={link({ offset: offset > pageSize ? String(offset - pageSize) : null })} className="button button-ghost button-small">← Previous</Link> : null}
      {next !== null ? <Link to={link({ offset: String(next) })} className="button button-ghost button-small">More {label} →</Link> : null}
    </nav>
  );
}

export const SIGNAL_KIND_LABELS: Record<string, string> = {
  feature_request: "Feature request",
  implied_need: "Implied need",
  buying_intent: "Buying intent",
  idea_vote: "Idea vote",
};

export function SignalKindBadge({ kind }: { kind: string }) {
  return <span className={`badge signal-${kind}`}>{SIGNAL_KIND_LABELS[kind] ?? kind}</span>;
}

/** "2026-11-22" from an ISO time: dates in tables, identical on server and client. */
export const day = (iso: string | null) => (iso ? iso.slice(0, 10) : "—");
