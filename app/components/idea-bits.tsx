import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useFormat } from "~/i18n/format";
import { usePlanLabel } from "./lead-bits";

/**
 * Pieces of the idea board, an idea's page and the candidate requests, in the page's language
 * (the ideas namespace): where a quote was found. Plans, signal kinds, revenue and the pager
 * are the ones the lead list uses (lead-bits.tsx, insight-bits.tsx).
 */

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
