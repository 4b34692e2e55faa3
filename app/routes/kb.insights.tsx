import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { RelativeTime } from "~/components/badges";
import { DailyBarChart, DailyStackedBarChart } from "~/components/chart";
import { ArticleStatusBadge, KbTabs, usePercent } from "~/components/kb";
import { useFormat } from "~/i18n/format";
import { metaT, pageTitle } from "~/i18n/registry";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { INSIGHT_PERIODS } from "~/services/knowledge/insight-periods";
import { getKnowledgeInsights } from "~/services/knowledge/insights.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(metaT(matches)("kb:insights.title")) }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => {
    const params = Object.fromEntries(new URL(request.url).searchParams);
    return getKnowledgeInsights(context.app.db, await actorFor(request, context.app), params);
  });
}

export default function KnowledgeInsights() {
  const { days, totals, daily, articles, counts, stale, staleCount, staleAfterDays, comments } = useLoaderData<typeof loader>();
  const settled = totals.deflected + totals.failed;
  const { t } = useTranslation("kb");
  const { number } = useFormat();
  const percent = usePercent();
  return (
    <div className="stack">
      <KbTabs />
      <div className="section-head">
        <h1>{t("insights.title")}</h1>
        <Form method="get" className="inline-form">
          <label htmlFor="insights-days" className="muted small">{t("insights.period")}</label>
          <select id="insights-days" name="days" defaultValue={days}>
            {INSIGHT_PERIODS.map((d) => <option key={d} value={d}>{t("insights.lastDays", { count: d })}</option>)}
          </select>
          <button type="submit" className="button button-small button-ghost">{t("insights.show")}</button>
        </Form>
      </div>

      <div className="stat-grid">
        <div className="card stat"><strong data-testid="insights-views">{number(totals.views)}</strong><span>{t("insights.views", { count: days })}</span></div>
        <div className="card stat">
          <strong data-testid="insights-helpful-rate">{percent(totals.helpfulRate)}</strong>
          <span>{t("insights.votes", { helpful: totals.helpful, count: totals.helpful + totals.unhelpful })}</span>
        </div>
        <div className="card stat">
          <strong data-testid="insights-deflection-rate">{percent(totals.deflectionRate)}</strong>
          <span>
            {t("insights.deflection", { deflected: totals.deflected, settled, failed: totals.failed })}
            {totals.pending ? ` ${t("insights.pending", { count: totals.pending })}` : ""}
          </span>
        </div>
        <div className="card stat">
          <strong data-testid="insights-waiting">{number(counts.draft + counts.needs_review)}</strong>
          <span>
            <Trans
              t={t}
              i18nKey="insights.waiting"
              count={counts.draft}
              values={{ needing: counts.needs_review }}
              components={[<Link key="drafts" to="/kb/curate#queue-draft" />, <Link key="review" to="/kb/curate#queue-needs_review" />]}
            />
          </span>
        </div>
      </div>

      <section className="card chart-grid-2" aria-label={t("insights.chartsLabel")}>
        <DailyBarChart title={t("insights.viewsChart")} points={daily.views} />
        <DailyStackedBarChart title={t("insights.votesChart")} series={[{ label: t("insights.series.helpful"), points: daily.helpful }, { label: t("insights.series.notHelpful"), points: daily.unhelpful }]} />
        <DailyStackedBarChart title={t("insights.suggestionsChart")} series={[{ label: t("insights.series.deflected"), points: daily.deflected }, { label: t("insights.series.postedAnyway"), points: daily.failed }]} />
      </section>

      <section className="card" aria-labelledby="per-article-heading">
        <h2 id="per-article-heading">{t("insights.articlesHeading")}</h2>
        {articles.length === 0 ? (
          <p className="empty"><Trans t={t} i18nKey="insights.noArticles" components={[<Link key="queue" to="/kb/curate" />]} /></p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="insights-articles">
              <caption className="visually-hidden">{t("insights.tableCaption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("insights.columns.article")}</th>
                  <th scope="col">{t("insights.columns.views", { count: days })}</th>
                  <th scope="col">{t("insights.columns.helpful")}</th>
                  <th scope="col">{t("insights.columns.notHelpful")}</th>
                  <th scope="col">{t("insights.columns.helpfulness")}</th>
                  <th scope="col">{t("insights.columns.deflected")}</th>
                  <th scope="col">{t("insights.columns.postedAnyway")}</th>
                </tr>
              </thead>
              <tbody>
                {articles.map((a) => (
                  <tr key={a.id}>
                    <th scope="row">
                      <Link to={a.status === "published" ? a.url : `/kb/curate/${a.id}`}>{a.title}</Link>
                      {a.status !== "published" ? <> <ArticleStatusBadge status={a.status} /></> : null}
                    </th>
                    <td>{number(a.views)}</td>
                    <td>{number(a.helpful)}</td>
                    <td>{number(a.unhelpful)}</td>
                    <td>{percent(a.helpfulRate)}</td>
                    <td>{number(a.deflected)}</td>
                    <td>{number(a.failed)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <div className="chart-grid-2">
        <section className="card" aria-labelledby="stale-heading">
          <h2 id="stale-heading">{t("insights.staleHeading")} <span className="muted small">({number(staleCount)})</span></h2>
          <p className="muted small">{t("insights.staleAbout", { days: staleAfterDays })}</p>
          {stale.length === 0 ? (
            <p className="empty">{t("insights.noStale")}</p>
          ) : (
            <>
              <ul className="plain-list" data-testid="insights-stale">
                {stale.map((s) => (
                  <li key={s.id}><Link to={`/kb/curate/${s.id}`}>{s.title}</Link> <span className="muted small">· <Trans t={t} i18nKey="insights.lastReviewed" components={[<RelativeTime key="at" iso={s.lastReviewedAt} />]} /></span></li>
                ))}
              </ul>
              {staleCount > stale.length ? <p><Link to="/kb/curate?section=stale">{t("insights.allStale", { count: staleCount })}</Link></p> : null}
            </>
          )}
        </section>
        <section className="card" aria-labelledby="comments-heading">
          <h2 id="comments-heading">{t("insights.commentsHeading")}</h2>
          {comments.length === 0 ? (
            <p className="empty">{t("insights.noComments")}</p>
          ) : (
            <ul className="plain-list" data-testid="insights-comments">
              {comments.map((c, i) => (
                <li key={i}>
                  <span className={`badge ${c.helpful ? "badge-solved" : "badge-danger"}`}>{c.helpful ? t("insights.helpfulBadge") : t("insights.notHelpfulBadge")}</span>{" "}
                  <Link to={c.url}>{c.title}</Link> <span className="muted small">· <RelativeTime iso={c.at} /></span>
                  <p className="kb-comment">{c.comment}</p>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  );
}
