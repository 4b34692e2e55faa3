import { NavLink, useRouteLoaderData } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { useFormat } from "~/i18n/format";
import type { RootData } from "~/root";

/** An article's statuses; their labels come from the catalog (kb:status). */
export const ARTICLE_STATUSES = ["draft", "in_review", "published", "needs_review", "archived", "rejected"] as const;

export function useArticleStatusLabel(): (status: string) => string {
  const { t } = useTranslation("kb");
  return (status) => ((ARTICLE_STATUSES as readonly string[]).includes(status) ? t(`status.${status}`) : status);
}

export function ArticleStatusBadge({ status }: { status: string }) {
  const label = useArticleStatusLabel();
  return <span className={`badge kb-status kb-status-${status}`} data-testid="article-status">{label(status)}</span>;
}

/** The knowledge base's own tabs, for curators (what to show is the root loader's guardian answer). */
export function KbTabs() {
  const root = useRouteLoaderData<RootData>("root");
  const { t } = useTranslation("kb");
  if (!root?.nav.curate) return null;
  return (
    <nav className="tabs" aria-label={t("tabs.label")}>
      <NavLink to="/kb" end>{t("tabs.articles")}</NavLink>
      <NavLink to="/kb/curate">{t("tabs.queue")}</NavLink>
      <NavLink to="/kb/insights">{t("tabs.insights")}</NavLink>
    </nav>
  );
}

/**
 * A unified diff as people read one: added lines marked as insertions, removed ones as
 * deletions (announced as such by screen readers), hunk headers dimmed. The text is React
 * text, never HTML.
 */
export function SourceDiff({ diff, label }: { diff: string; label?: string }) {
  const { t } = useTranslation("kb");
  const lines = diff.split("\n").filter((line, i, all) => !(i === all.length - 1 && line === ""));
  return (
    <figure className="diff-figure">
      <figcaption className="small muted">
        <Trans t={t} i18nKey="diff.legend" values={{ label: label ?? t("diff.label") }} components={[<span key="added" className="diff-key-added" />, <span key="removed" className="diff-key-removed" />]} />
      </figcaption>
      <pre className="diff" data-testid="source-diff">
        {lines.map((line, i) => {
          if (line.startsWith("+++") || line.startsWith("---")) return <span key={i} className="diff-file">{line}{"\n"}</span>;
          if (line.startsWith("@@")) return <span key={i} className="diff-hunk">{line}{"\n"}</span>;
          if (line.startsWith("+")) return <ins key={i} className="diff-added">{line}{"\n"}</ins>;
          if (line.startsWith("-")) return <del key={i} className="diff-removed">{line}{"\n"}</del>;
          return <span key={i} className="diff-context">{line}{"\n"}</span>;
        })}
      </pre>
    </figure>
  );
}

/** A rate (0…1) as a whole percentage in the page's language, "—" when there is none yet. */
export function usePercent(): (rate: number | null) => string {
  const { number } = useFormat();
  return (rate) => (rate === null ? "—" : number(Math.round(rate * 100) / 100, { style: "percent", maximumFractionDigits: 0 }));
}
