import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { RelativeTime } from "~/components/badges";
import { ArticleStatusBadge, KbTabs, SourceDiff } from "~/components/kb";
import { reviewReasonText } from "~/components/kb-reasons";
import { useFormat } from "~/i18n/format";
import { metaT, pageTitle } from "~/i18n/registry";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { curationQueue, type QueuedArticle, type QueueSection } from "~/services/knowledge/queue.server";

export const meta: MetaFunction = ({ matches }) => {
  const t = metaT(matches);
  return [{ title: pageTitle(t("kb:queue.title"), t("kb:index.title")) }];
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => {
    const params = Object.fromEntries(new URL(request.url).searchParams);
    return curationQueue(context.app.db, await actorFor(request, context.app), params);
  });
}

function QueueCard({ article, section }: { article: QueuedArticle; section: QueueSection }) {
  const { t } = useTranslation("kb");
  return (
    <li className="card queue-item" data-testid="kb-queue-item">
      <div className="queue-item-head">
        <ArticleStatusBadge status={article.status} />
        <Link to={`/kb/curate/${article.id}`} className="kb-queue-title">{article.title}</Link>
        {article.category ? <span className="muted small">{article.category.name}</span> : null}
        <span className="muted small">
          <Trans
            t={t}
            i18nKey={section === "stale" ? "queue.lastReviewed" : "queue.updated"}
            components={[<RelativeTime key="at" iso={section === "stale" ? article.reviewedAt ?? article.publishedAt ?? article.updatedAt : article.updatedAt} />]}
          />
        </span>
        {article.sourceThreadId ? (
          <span className="small muted">
            <Trans t={t} i18nKey="queue.source" values={{ id: article.sourceThreadId }} components={[<Link key="thread" to={`/t/${article.sourceThreadId}`} title={article.sourceThreadTitle ?? undefined} />]} />
          </span>
        ) : null}
      </div>
      {article.reviewReason ? <p className="kb-reason"><Trans t={t} i18nKey="queue.why" components={[<strong key="label" />, <>{reviewReasonText(t, article.reviewReason)}</>]} /></p> : null}
      {article.rejectedReason ? <p className="kb-reason"><Trans t={t} i18nKey="queue.rejectedReason" components={[<strong key="label" />, <>{article.rejectedReason}</>]} /></p> : null}
      {section === "needs_review" && article.sourceDiff ? <SourceDiff diff={article.sourceDiff} /> : null}
    </li>
  );
}

export default function CurationQueue() {
  const { counts, sections, staleAfterDays } = useLoaderData<typeof loader>();
  const { t } = useTranslation("kb");
  const { number } = useFormat();
  const single = sections.length === 1 ? sections[0]! : null;
  const waiting = counts.needs_review + counts.in_review + counts.draft;
  return (
    <div className="stack">
      <KbTabs />
      <div className="section-head">
        <h1>{t("queue.title")}</h1>
        <p className="muted" data-testid="kb-queue-summary">
          {waiting === 0 ? t("queue.nothingWaiting") : t("queue.waiting", { count: waiting })} · {t("queue.staleCount", { count: counts.stale })} · {t("queue.rejectedCount", { count: counts.rejected })}
        </p>
      </div>
      {single ? <p><Link to="/kb/curate">{t("queue.wholeQueue")}</Link></p> : (
        <nav aria-label={t("queue.sectionsLabel")} className="inline-form small">
          {sections.map((s) => <a key={s.section} href={`#queue-${s.section}`}>{t(`queue.sections.${s.section}.title`)} ({number(counts[s.section])})</a>)}
        </nav>
      )}
      {sections.map(({ section, articles, next }) => (
        <section key={section} id={`queue-${section}`} aria-labelledby={`queue-${section}-heading`} data-testid={`kb-queue-${section}`}>
          <h2 id={`queue-${section}-heading`}>{t(`queue.sections.${section}.title`)} <span className="muted small">({number(counts[section])})</span></h2>
          <p className="muted small">{t(`queue.sections.${section}.about`, { days: staleAfterDays })}</p>
          {articles.length === 0 ? (
            <p className="empty">{t(`queue.sections.${section}.empty`)}</p>
          ) : (
            <ul className="queue-list stack">{articles.map((a) => <QueueCard key={a.id} article={a} section={section} />)}</ul>
          )}
          {next !== null ? (
            <p className="pager">
              <Link to={single ? `/kb/curate?section=${section}&offset=${next}` : `/kb/curate?section=${section}`} className="button button-ghost">
                {single ? t("queue.nextPage") : t(`queue.sections.${section}.all`, { count: counts[section] })}
              </Link>
            </p>
          ) : null}
        </section>
      ))}
    </div>
  );
}
