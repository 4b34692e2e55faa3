import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DailyBarChart, HorizontalBarChart } from "~/components/chart";
import { formatMoney, SIGNAL_KIND_LABELS } from "~/components/insight-bits";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { insights } from "~/services/insights/insights.server";

export const meta: MetaFunction = () => [{ title: "Insights · Gleaner" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => insights(context.app.db, await actorFor(request, context.app)));
}

const LANGUAGE_NAMES: Record<string, string> = { en: "English", sv: "Swedish", nb: "Norwegian", no: "Norwegian", zh: "Chinese" };

export default function Insights() {
  const data = useLoaderData<typeof loader>();
  const newLeads = data.leadsPerWeek.reduce((sum, w) => sum + w.leads, 0);
  return (
    <div className="stack">
      <div className="section-head">
        <div>
          <h1>Insights</h1>
          <p className="muted">What the harvest learned from the community: the ideas behind the most votes and revenue, new leads, and the signals found.</p>
        </div>
        <p className="inline-form"><Link to="/ideas">Ideas</Link><Link to="/roadmap">Roadmap</Link></p>
      </div>
      <section className="card chart-grid-2" aria-label="Top ideas">
        {data.topIdeasByVotes.length ? (
          <div>
            <HorizontalBarChart title="Top ideas by votes" bars={data.topIdeasByVotes.map((i) => ({ label: i.title, value: i.votes }))} />
            <IdeaLinks ideas={data.topIdeasByVotes.map((i) => ({ ...i, figure: `${i.votes} ${i.votes === 1 ? "vote" : "votes"}` }))} />
          </div>
        ) : (
          <EmptyChart title="Top ideas by votes" text="No idea has votes yet." />
        )}
        {data.topIdeasByRevenue.length ? (
          <div>
            <HorizontalBarChart title="Top ideas by customer revenue behind them" format={formatMoney} bars={data.topIdeasByRevenue.map((i) => ({ label: i.title, value: i.revenue }))} />
            <IdeaLinks ideas={data.topIdeasByRevenue.map((i) => ({ ...i, figure: formatMoney(i.revenue) }))} />
          </div>
        ) : (
          <EmptyChart title="Top ideas by customer revenue behind them" text="No customer with a known revenue stands behind an idea yet." />
        )}
      </section>
      <section className="card chart-grid-2" aria-label="Leads and signals">
        <div>
          <DailyBarChart title="New leads per week" per="week" points={data.leadsPerWeek.map((w) => ({ day: w.week, value: w.leads }))} />
          {newLeads === 0 ? <p className="empty small">No new leads in the last 12 weeks.</p> : null}
        </div>
        {data.signalsByKind.length ? (
          <HorizontalBarChart title="Signals by kind" bars={data.signalsByKind.map((s) => ({ label: SIGNAL_KIND_LABELS[s.kind] ?? s.kind, value: s.count }))} />
        ) : (
          <EmptyChart title="Signals by kind" text="No signals yet: they appear after a harvest pass." />
        )}
        {data.signalsByLanguage.length ? (
          <HorizontalBarChart title="Signals by language" bars={data.signalsByLanguage.map((s) => ({ label: LANGUAGE_NAMES[s.language] ?? s.language, value: s.count }))} />
        ) : (
          <EmptyChart title="Signals by language" text="No signals yet: they appear after a harvest pass." />
        )}
      </section>
    </div>
  );
}

/** The ranked ideas as links, under their chart (a chart's bars are a picture, not links). */
function IdeaLinks({ ideas }: { ideas: { threadId: number; title: string; figure: string }[] }) {
  return (
    <details className="chart-links">
      <summary>Open these ideas</summary>
      <ol className="small">
        {ideas.map((i) => <li key={i.threadId}><Link to={`/ideas/${i.threadId}`}>{i.title}</Link> <span className="muted">· {i.figure}</span></li>)}
      </ol>
    </details>
  );
}

function EmptyChart({ title, text }: { title: string; text: string }) {
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <p className="empty">{text}</p>
    </figure>
  );
}
