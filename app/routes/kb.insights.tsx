import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { RelativeTime } from "~/components/badges";
import { DailyBarChart, DailyStackedBarChart } from "~/components/chart";
import { ArticleStatusBadge, KbTabs, percent } from "~/components/kb";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { INSIGHT_PERIODS } from "~/services/knowledge/insight-periods";
import { getKnowledgeInsights } from "~/services/knowledge/insights.server";

export const meta: MetaFunction = () => [{ title: "Knowledge insights · Gleaner" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => {
    const params = Object.fromEntries(new URL(request.url).searchParams);
    return getKnowledgeInsights(context.app.db, await actorFor(request, context.app), params);
  });
}

export default function KnowledgeInsights() {
  const { days, totals, daily, articles, counts, stale, staleCount, staleAfterDays, comments } = useLoaderData<typeof loader>();
  const settled = totals.deflected + totals.failed;
  return (
    <div className="stack">
      <KbTabs />
      <div className="section-head">
        <h1>Knowledge insights</h1>
        <Form method="get" className="inline-form">
          <label htmlFor="insights-days" className="muted small">Period</label>
          <select id="insights-days" name="days" defaultValue={days}>
            {INSIGHT_PERIODS.map((d) => <option key={d} value={d}>Last {d} days</option>)}
          </select>
          <button type="submit" className="button button-small button-ghost">Show</button>
        </Form>
      </div>

      <div className="stat-grid">
        <div className="card stat"><strong data-testid="insights-views">{totals.views}</strong><span>article views in {days} days</span></div>
        <div className="card stat">
          <strong data-testid="insights-helpful-rate">{percent(totals.helpfulRate)}</strong>
          <span>{`found helpful (${totals.helpful} of ${totals.helpful + totals.unhelpful} ${totals.helpful + totals.unhelpful === 1 ? "vote" : "votes"})`}</span>
        </div>
        <div className="card stat">
          <strong data-testid="insights-deflection-rate">{percent(totals.deflectionRate)}</strong>
          <span>
            {`deflection rate: ${totals.deflected} of ${settled} opened suggestions answered the question, ${totals.failed} posted anyway`}
            {totals.pending ? ` (${totals.pending} not settled yet)` : ""}
          </span>
        </div>
        <div className="card stat">
          <strong data-testid="insights-waiting">{counts.draft + counts.needs_review}</strong>
          <span>
            <Link to="/kb/curate#queue-draft">{counts.draft} {counts.draft === 1 ? "draft" : "drafts"}</Link> and{" "}
            <Link to="/kb/curate#queue-needs_review">{counts.needs_review} needing review</Link>
          </span>
        </div>
      </div>

      <section className="card chart-grid-2" aria-label="Charts">
        <DailyBarChart title="Article views per day" points={daily.views} />
        <DailyStackedBarChart title="Votes per day" series={[{ label: "helpful", points: daily.helpful }, { label: "not helpful", points: daily.unhelpful }]} />
        <DailyStackedBarChart title="Suggestions opened per day, by outcome" series={[{ label: "deflected", points: daily.deflected }, { label: "posted anyway", points: daily.failed }]} />
      </section>

      <section className="card" aria-labelledby="per-article-heading">
        <h2 id="per-article-heading">Articles</h2>
        {articles.length === 0 ? (
          <p className="empty">No published articles yet. Publish drafts from the <Link to="/kb/curate">curation queue</Link>.</p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="insights-articles">
              <caption className="visually-hidden">Views, votes and deflections per article, most viewed first</caption>
              <thead>
                <tr>
                  <th scope="col">Article</th>
                  <th scope="col">Views ({days} days)</th>
                  <th scope="col">Helpful</th>
                  <th scope="col">Not helpful</th>
                  <th scope="col">Helpfulness</th>
                  <th scope="col">Deflected</th>
                  <th scope="col">Posted anyway</th>
                </tr>
              </thead>
              <tbody>
                {articles.map((a) => (
                  <tr key={a.id}>
                    <th scope="row">
                      <Link to={a.status === "published" ? a.url : `/kb/curate/${a.id}`}>{a.title}</Link>
                      {a.status !== "published" ? <> <ArticleStatusBadge status={a.status} /></> : null}
                    </th>
                    <td>{a.views}</td>
                    <td>{a.helpful}</td>
                    <td>{a.unhelpful}</td>
                    <td>{percent(a.helpfulRate)}</td>
                    <td>{a.deflected}</td>
                    <td>{a.failed}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <div className="chart-grid-2">
        <section className="card" aria-labelledby="stale-heading">
          <h2 id="stale-heading">Stale articles <span className="muted small">({staleCount})</span></h2>
          <p className="muted small">Published and not reviewed for more than {staleAfterDays} days.</p>
          {stale.length === 0 ? (
            <p className="empty">None: every published article was reviewed recently.</p>
          ) : (
            <>
              <ul className="plain-list" data-testid="insights-stale">
                {stale.map((s) => (
                  <li key={s.id}><Link to={`/kb/curate/${s.id}`}>{s.title}</Link> <span className="muted small">· last reviewed <RelativeTime iso={s.lastReviewedAt} /></span></li>
                ))}
              </ul>
              {staleCount > stale.length ? <p><Link to="/kb/curate?section=stale">All {staleCount} stale articles →</Link></p> : null}
            </>
          )}
        </section>
        <section className="card" aria-labelledby="comments-heading">
          <h2 id="comments-heading">Latest comments</h2>
          {comments.length === 0 ? (
            <p className="empty">No reader has left a comment yet.</p>
          ) : (
            <ul className="plain-list" data-testid="insights-comments">
              {comments.map((c, i) => (
                <li key={i}>
                  <span className={`badge ${c.helpful ? "badge-solved" : "badge-danger"}`}>{c.helpful ? "helpful" : "not helpful"}</span>{" "}
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
