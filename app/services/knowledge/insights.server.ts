/**
 * The knowledge page's figures for curators: how much articles are read and found helpful, and
 * how often they answer a question before it is asked.
 *
 * Deflection: a suggestion opened from the new-question form, and the question then not posted
 * (settled after DEFLECTION_SETTLES_AFTER); a failed deflection: posted anyway. Suggestions
 * opened recently and not settled yet count as pending, in neither. The rate is deflected out of
 * settled, so it does not dip while recent ones wait to settle.
 *
 * Days are the database's days (kb_daily is kept by current_date), so the figures per day and the
 * totals agree whatever the web node's time zone. A fixed number of queries, whatever the data.
 */
import { sql } from "kysely";
import { z } from "zod";
import type { Db } from "../../../db/index";
import type { ArticleStatus } from "../../../db/schema";
import { parseInput, says } from "../../lib/validation";
import { ensure, type Actor } from "../guardian";
import { articleUrl } from "./articles.server";
import { INSIGHT_PERIODS } from "./insight-periods";
import { getKnowledgeSettings } from "./settings.server";

export interface DailyPoint {
  day: string;
  value: number;
}

export interface ArticleFigures {
  id: number;
  slug: string;
  title: string;
  status: ArticleStatus;
  url: string;
  /** In the period. */
  views: number;
  /** The article's current votes (every reader's latest). */
  helpful: number;
  unhelpful: number;
  helpfulRate: number | null;
  /** Suggestions of this article opened in the period, by outcome. */
  deflected: number;
  failed: number;
}

export interface KnowledgeInsights {
  days: number;
  totals: {
    views: number;
    helpful: number;
    unhelpful: number;
    helpfulRate: number | null;
    opened: number;
    deflected: number;
    failed: number;
    pending: number;
    deflectionRate: number | null;
  };
  daily: { views: DailyPoint[]; helpful: DailyPoint[]; unhelpful: DailyPoint[]; deflected: DailyPoint[]; failed: DailyPoint[] };
  articles: ArticleFigures[];
  counts: Record<ArticleStatus, number>;
  staleAfterDays: number;
  staleCount: number;
  stale: { id: number; title: string; url: string; lastReviewedAt: string }[];
  comments: { articleId: number; title: string; url: string; helpful: boolean; comment: string; at: string }[];
}


const insightsSchema = z.object({
  days: z.preprocess(
    (v) => (v === "" || v === undefined ? 30 : v),
    z.coerce.number({ invalid_type_error: says.number("days") }).refine((d) => (INSIGHT_PERIODS as readonly number[]).includes(d), says.oneOf("days", INSIGHT_PERIODS.map(String))),
  ),
});

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);
const ARTICLES_SHOWN = 50;
const DEFLECTED = sql`count(*) filter (where settled_at is not null and posted_at is null)::int`;
const FAILED = sql`count(*) filter (where posted_at is not null)::int`;

export async function getKnowledgeInsights(db: Db, actor: Actor | null, input: unknown = {}): Promise<KnowledgeInsights> {
  ensure(actor, "kb.curate");
  const { days } = parseInput(insightsSchema, input);
  const { staleAfterDays } = await getKnowledgeSettings(db);
  const firstDay = sql`(current_date - ${days - 1}::int)`;
  const lastReviewed = sql`coalesce(reviewed_at, published_at, created_at)`;
  const staleBefore = sql`now() - make_interval(days => ${staleAfterDays})`;

  const [daily, deflections, articles, statuses, stale, comments] = await Promise.all([
    sql<{ day: string; views: number; helpful: number; unhelpful: number; deflected: number; failed: number }>`
      select to_char(d.day, 'YYYY-MM-DD') as day,
        coalesce(k.views, 0) as views, coalesce(k.helpful, 0) as helpful, coalesce(k.unhelpful, 0) as unhelpful,
        coalesce(f.deflected, 0) as deflected, coalesce(f.failed, 0) as failed
      from generate_series(${firstDay}, current_date, interval '1 day') as d(day)
      left join (
        select day, sum(views)::int as views, sum(helpful)::int as helpful, sum(unhelpful)::int as unhelpful
        from kb_daily where day >= ${firstDay} group by day
      ) k on k.day = d.day::date
      left join (
        select opened_at::date as day, ${DEFLECTED} as deflected, ${FAILED} as failed
        from kb_deflections where opened_at >= ${firstDay} group by 1
      ) f on f.day = d.day::date
      order by d.day`.execute(db),
    sql<{ opened: number; deflected: number; failed: number }>`
      select count(*)::int as opened, ${DEFLECTED} as deflected, ${FAILED} as failed
      from kb_deflections where opened_at >= ${firstDay}`.execute(db),
    sql<{ id: number; slug: string; title: string; status: ArticleStatus; helpful_count: number; unhelpful_count: number; views: number; deflected: number; failed: number }>`
      select a.id, a.slug, a.title, a.status, a.helpful_count, a.unhelpful_count,
        coalesce(v.views, 0) as views, coalesce(x.deflected, 0) as deflected, coalesce(x.failed, 0) as failed
      from kb_articles a
      left join (select article_id, sum(views)::int as views from kb_daily where day >= ${firstDay} group by article_id) v on v.article_id = a.id
      left join (
        select article_id, ${DEFLECTED} as deflected, ${FAILED} as failed
        from kb_deflections where article_id is not null and opened_at >= ${firstDay} group by article_id
      ) x on x.article_id = a.id
      where a.status = 'published' or v.article_id is not null or x.article_id is not null
      order by coalesce(v.views, 0) desc, coalesce(x.deflected, 0) desc, a.helpful_count desc, a.id
      limit ${ARTICLES_SHOWN}`.execute(db),
    db.selectFrom("kb_articles").select(["status", sql<number>`count(*)::int`.as("n")]).groupBy("status").execute(),
    sql<{ id: number; slug: string; title: string; last_reviewed: Date; total: number }>`
      select id, slug, title, ${lastReviewed} as last_reviewed, count(*) over ()::int as total
      from kb_articles where status = 'published' and ${lastReviewed} < ${staleBefore}
      order by ${lastReviewed}, id limit 10`.execute(db),
    db
      .selectFrom("kb_feedback as f")
      .innerJoin("kb_articles as a", "a.id", "f.article_id")
      .select(["a.id", "a.slug", "a.title", "f.helpful", "f.comment", "f.updated_at"])
      .where("f.comment", "<>", "")
      .orderBy("f.updated_at", "desc")
      .limit(10)
      .execute(),
  ]);

  const series = (key: "views" | "helpful" | "unhelpful" | "deflected" | "failed") => daily.rows.map((r) => ({ day: r.day, value: Number(r[key]) }));
  const sum = (key: "views" | "helpful" | "unhelpful") => daily.rows.reduce((total, r) => total + Number(r[key]), 0);
  const d = deflections.rows[0] ?? { opened: 0, deflected: 0, failed: 0 };
  const [helpful, unhelpful] = [sum("helpful"), sum("unhelpful")];
  const counts = { draft: 0, in_review: 0, published: 0, needs_review: 0, archived: 0, rejected: 0 } as Record<ArticleStatus, number>;
  for (const s of statuses) counts[s.status] = s.n;
  return {
    days,
    totals: {
      views: sum("views"),
      helpful,
      unhelpful,
      helpfulRate: ratio(helpful, helpful + unhelpful),
      opened: d.opened,
      deflected: d.deflected,
      failed: d.failed,
      pending: d.opened - d.deflected - d.failed,
      deflectionRate: ratio(d.deflected, d.deflected + d.failed),
    },
    daily: { views: series("views"), helpful: series("helpful"), unhelpful: series("unhelpful"), deflected: series("deflected"), failed: series("failed") },
    articles: articles.rows.map((a) => ({
      id: a.id,
      slug: a.slug,
      title: a.title,
      status: a.status,
      url: articleUrl(a.slug),
      views: a.views,
      helpful: a.helpful_count,
      unhelpful: a.unhelpful_count,
      helpfulRate: ratio(a.helpful_count, a.helpful_count + a.unhelpful_count),
      deflected: a.deflected,
      failed: a.failed,
    })),
    counts,
    staleAfterDays,
    staleCount: stale.rows[0]?.total ?? 0,
    stale: stale.rows.map((s) => ({ id: s.id, title: s.title, url: articleUrl(s.slug), lastReviewedAt: new Date(s.last_reviewed).toISOString() })),
    comments: comments.map((c) => ({ articleId: c.id, title: c.title, url: articleUrl(c.slug), helpful: c.helpful, comment: c.comment, at: c.updated_at.toISOString() })),
  };
}
