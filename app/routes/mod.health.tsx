import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DailyBarChart } from "~/components/chart";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { getCommunityHealth } from "~/services/moderation/health.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => getCommunityHealth(context.app.db, await actorFor(request, context.app)));
}

const hours = (h: number | null) => (h === null ? "—" : h < 1 ? `${Math.round(h * 60)} min` : `${h} h`);

export default function CommunityHealthPage() {
  const health = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>Community health</h1>
      <div className="stat-grid">
        <div className="card stat"><strong data-testid="queue-size">{health.queueSize}</strong><span>open in the review queue</span></div>
        <div className="card stat"><strong>{hours(health.medianHoursToFirstReply)}</strong><span>median time to first reply (30 days)</span></div>
        <div className="card stat"><strong>{hours(health.medianHoursToAccepted)}</strong><span>median time to an accepted answer</span></div>
        <div className="card stat"><strong>{health.unanswered.length}</strong><span>questions unanswered after 24 h</span></div>
      </div>
      <section className="card chart-grid-2">
        <DailyBarChart title="Questions per day" points={health.questionsPerDay} />
        <DailyBarChart title="Median hours to first reply, by day asked" points={health.firstReplyHoursPerDay} unit=" h" />
        <DailyBarChart title="Flags per day" points={health.flagsPerDay} />
      </section>
      <section className="card">
        <h2>Escalation: unanswered for more than 24 hours</h2>
        {health.unanswered.length === 0 ? <p className="empty">None. Every question got a reply within a day.</p> : null}
        <ul className="plain-list">
          {health.unanswered.map((u) => (
            <li key={u.id}><Link to={u.url}>{u.title}</Link> <span className="muted small">· {u.category} · {u.ageHours} h old</span></li>
          ))}
        </ul>
      </section>
    </div>
  );
}
