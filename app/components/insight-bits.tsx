import { Link, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { numberFormat, useFormat } from "~/i18n/format";
import { DEFAULT_LOCALE } from "~/i18n/locales";

/**
 * Small pieces shared by the idea board, the lead list and insights: figures formatted in the
 * page's language (the root loader's, so server and client render the same and hydration never
 * differs), sortable column headers and query-string links that keep the other filters.
 */

/** 5,000,000 as "5M" ("5 mn", "5 mill.", "500万"), in a page language (English unless given). */
export function formatMoney(value: number, locale: string = DEFAULT_LOCALE): string {
  if (value === 0) return "0";
  return numberFormat(locale, { notation: "compact", maximumFractionDigits: 1 }).format(value);
}

/** formatMoney in the page's language. */
export function useFormatMoney(): (value: number) => string {
  const { locale } = useFormat();
  return (value) => formatMoney(value, locale);
}

/** 5,000,000 as "5M", the exact amount in the title. */
export function Money({ value }: { value: number }) {
  const { locale, number } = useFormat();
  return <span title={number(value)}>{formatMoney(value, locale)}</span>;
}

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

/**
 * Previous and next pages of an offset-paged list, kept in the query string. `navLabel` and
 * `moreLabel` are the pager's name and its "more" link in the page's language; without them
 * the older `label` (a plural noun, "ideas") is slotted into a generic message.
 */
export function OffsetPager({ next, pageSize, label = "", navLabel, moreLabel }: { next: number | null; pageSize: number; label?: string; navLabel?: string; moreLabel?: string }) {
  const { t } = useTranslation("sales");
  const [params] = useSearchParams();
  const link = useQueryLink();
  const offset = Math.max(0, Number(params.get("offset")) || 0);
  if (offset === 0 && next === null) return null;
  return (
    <nav className="pager inline-form" aria-label={navLabel ?? t("pager.nav", { label })}>
      {offset > 0 ? <Link to={link({ offset: offset > pageSize ? String(offset - pageSize) : null })} className="button button-ghost button-small">{t("pager.previous")}</Link> : null}
      {next !== null ? <Link to={link({ offset: String(next) })} className="button button-ghost button-small">{moreLabel ?? t("pager.more", { label })}</Link> : null}
    </nav>
  );
}

/** The kinds of signal the harvest finds; labels come from the catalog (sales:signalKinds). */
export const SIGNAL_KINDS = ["feature_request", "implied_need", "buying_intent", "idea_vote"] as const;

/** A signal kind's label in the page's language (an unknown kind as it is). */
export function useSignalKindLabel(): (kind: string) => string {
  const { t } = useTranslation("sales");
  return (kind) => ((SIGNAL_KINDS as readonly string[]).includes(kind) ? t(`signalKinds.${kind}`) : kind);
}

export function SignalKindBadge({ kind }: { kind: string }) {
  const label = useSignalKindLabel();
  return <span className={`badge signal-${kind}`}>{label(kind)}</span>;
}

/** "2026-11-22" from an ISO time: dates in tables, identical on server and client. */
export const day = (iso: string | null) => (iso ? iso.slice(0, 10) : "—");
