/**
 * Insights for product managers and sales: the top ideas by votes and by revenue behind them,
 * new leads per week, and signals by kind and by language, each drawn as a chart on the page.
 */
import { sql } from "kysely";
import type { Db } from "../../../db/index";
import { topIdeas } from "../ideas/board.server";
import { ensure, type Actor } from "../guardian";

const WEEKS = 12;

export async function insights(db: Db, actor: Actor | null) {
  ensure(actor, "insights.view");
  // Through the board's own figures, private ones included: the board hides revenue from
  // everyone but product managers, which would leave sales a "by revenue" chart of zeros
  // ranked by votes.
  const [byVotes, byRevenue] = await Promise.all([topIdeas(db, "votes", 10), topIdeas(db, "revenue", 10)]);
  const { rows: leadsPerWeek } = await sql<{ week: string; leads: number }>`
    with weeks as (select generate_series(date_trunc('week', now()) - ${`${WEEKS - 1} weeks`}::interval, date_trunc('week', now()), interval '1 week') as week)
    select to_char(w.week, 'YYYY-MM-DD') as week, count(l.id)::int as leads
    from weeks w left join leads l on date_trunc('week', l.created_at) = w.week
    group by w.week order by w.week`.execute(db);
  const { rows: signals } = await sql<{ kind: string; language: string; n: number }>`
    select kind, language, count(*)::int as n from post_signals group by kind, language order by kind, language`.execute(db);
  return {
    // An idea nobody voted for (or no customer stands behind) is no "top" idea: left out.
    topIdeasByVotes: byVotes.filter((i) => i.votes > 0).map((i) => ({ threadId: i.threadId, title: i.title, votes: i.votes, uniqueCompanies: i.uniqueCompanies })),
    topIdeasByRevenue: byRevenue.filter((i) => (i.private?.revenue ?? 0) > 0).map((i) => ({ threadId: i.threadId, title: i.title, revenue: i.private?.revenue ?? 0, uniqueCompanies: i.uniqueCompanies })),
    leadsPerWeek,
    signalsByKind: Object.entries(signals.reduce<Record<string, number>>((acc, s) => ({ ...acc, [s.kind]: (acc[s.kind] ?? 0) + s.n }), {})).map(([kind, count]) => ({ kind, count })),
    signalsByLanguage: Object.entries(signals.reduce<Record<string, number>>((acc, s) => ({ ...acc, [s.language]: (acc[s.language] ?? 0) + s.n }), {})).map(([language, count]) => ({ language, count })),
  };
}
