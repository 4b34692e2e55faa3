import { Link, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useFormat } from "~/i18n/format";
import { useQueryLink } from "./insight-bits";

/**
 * Pieces of the idea board, an idea's page and the candidate requests, in the page's language
 * (the ideas namespace): signal kinds, company plans, revenue and the pager.
 */

/** The kind of a harvested signal, as a badge. */
export function SignalKindBadge({ kind }: { kind: string }) {
  const { t } = useTranslation("ideas");
  return <span className={`badge signal-${kind}`}>{t(`signalKinds.${kind}`, { defaultValue: kind })}</span>;
}

/** "customer", "prospect", "trial": a company's plan in the page's language. */
export function usePlanLabel(): (plan: string) => string {
  const { t } = useTranslation("ideas");
  return (plan) => t(`plans.${plan}`, { defaultValue: plan });
}

/** Revenue in the page's compact notation (5M, 5 mn, 500万), the exact amount in the title. */
export function Money({ value }: { value: number }) {
  const { number } = useFormat();
  return <span title={number(value)}>{value === 0 ? "0" : number(value, { notation: "compact", maximumFractionDigits: 1 })}</span>;
}

/** Where a quote was found: its company (or none), the thread it is in and the day. */
export function SignalSource({ author, company, url, threadTitle, detectedAt }: { author: string; company: { name: string; plan: string } | null; url: string; threadTitle: string; detectedAt: string }) {
  const { t } = useTranslation("ideas");
  const plan = usePlanLabel();
  const { date } = useFormat();
  return (
    <>
      <Link to={`/u/${author}`}>{`@${author}`}</Link>
      {" · "}{company ? t("source.company", { name: company.name, plan: plan(company.plan) }) : t("source.noCompany")}
      {" · "}<Link to={url}>{t("source.inThread", { title: threadTitle })}</Link>
      {" · "}<time dateTime={detectedAt}>{date(detectedAt)}</time>
    </>
  );
}

/** Previous and next pages of an offset-paged list, kept in the query string. */
export function IdeasPager({ next, pageSize, label, more }: { next: number | null; pageSize: number; label: string; more: string }) {
  const { t } = useTranslation("ideas");
  const [params] = useSearchParams();
  const link = useQueryLink();
  const offset = Math.max(0, Number(params.get("offset")) || 0);
  if (offset === 0 && next === null) return null;
  return (
    <nav className="pager inline-form" aria-label={label}>
      {offset > 0 ? <Link to={link({ offset: offset > pageSize ? String(offset - pageSize) : null })} className="button button-ghost button-small">{t("pager.previous")}</Link> : null}
      {next !== null ? <Link to={link({ offset: String(next) })} className="button button-ghost button-small">{more}</Link> : null}
    </nav>
  );
}
