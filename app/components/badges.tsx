import { useTranslation } from "react-i18next";
import { relativeTime, useFormat } from "~/i18n/format";

/** In the order a product manager moves an idea along; labels come from the catalog (common:ideaStatus). */
export const IDEA_STATUSES = ["open", "under_review", "planned", "in_progress", "shipped", "declined"] as const;

const KINDS = new Set(["question", "discussion", "idea"]);

/** The status options of an idea, labelled in the page's language. */
export function IdeaStatusOptions() {
  const { t } = useTranslation();
  return (
    <>
      {IDEA_STATUSES.map((value) => (
        <option key={value} value={value}>{t(`ideaStatus.${value}`)}</option>
      ))}
    </>
  );
}

export function KindBadge({ kind }: { kind: string }) {
  const { t } = useTranslation();
  return <span className={`tag tag-${kind}`}>{KINDS.has(kind) ? t(`kinds.${kind}`) : kind}</span>;
}

export function useIdeaStatusLabel(): (status: string) => string {
  const { t } = useTranslation();
  return (status) => ((IDEA_STATUSES as readonly string[]).includes(status) ? t(`ideaStatus.${status}`) : status);
}

export function IdeaStatusBadge({ status }: { status: string }) {
  const label = useIdeaStatusLabel();
  return <span className={`badge idea-${status}`}>{label(status)}</span>;
}

export function SolvedBadge() {
  const { t } = useTranslation();
  return <span className="badge badge-solved">{t("solved")}</span>;
}

/**
 * "3 hours ago" in the page's language (Intl), rendered identically on server and client (no
 * hydration mismatch): the absolute time is the source of truth and sits in the title.
 */
export function RelativeTime({ iso }: { iso: string }) {
  const { t } = useTranslation();
  const { locale } = useFormat();
  const date = new Date(iso);
  return (
    <time dateTime={iso} title={t("time.utc", { time: date.toISOString().replace("T", " ").slice(0, 16) })} suppressHydrationWarning>
      {relativeTime(locale, iso) ?? t("time.justNow")}
    </time>
  );
}
