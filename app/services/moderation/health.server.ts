import { sql } from "kysely";
import type { Db } from "../../../db/index";
import { ensure, type Actor } from "../guardian";
import { queueSize } from "./queue.server";

export interface DailyPoint {
  day: string;
  value: number;
}

export interface CommunityHealth {
  queueSize: number;
  /** Median hours from a question to its first reply, and to its accepted answer (last 30 days). */
  medianHoursToFirstReply: number | null;
  medianHoursToAccepted: number | null;
  /** Questions with no reply for more than 24 hours: the escalation list. */
  unanswered: { id: number; title: string; url: string; ageHours: number; category: string }[];
  flagsPerDay: DailyPoint[];
  questionsPerDay: DailyPoint[];
  firstReplyHoursPerDay: DailyPoint[];
}

const DAYS = 30;

/** Fills missing days with zero so charts have an even axis. */
function everyDay(rows: { day: string; value: number | string | null }[]): DailyPoint[] {
  const byDay = new Map(rows.map((r) => [r.day, Number(r.value ?? 0)]));
  const out: DailyPoint[] = [];
  for (let i = DAYS - 1; i >= 0; i--) {
    const day = new Date(Date.now() - i * 86_400_000).toISOString().slice(0, 10);
    out.push({ day, value: byDay.get(day) ?? 0 });
  }
  return out;
}

export async function getCommunityHealth(db: Db, actor: Actor | null): Promise<CommunityHealth> {
  ensure(actor, "mod.view");
  const firstReplies = sql`
    select t.id, t.created_at,
      (select min(p.created_at) from posts p where p.thread_id = t.id and p.number > 1 and p.status = 'visible') as first_reply_at,
      (select p.created_at from posts p where p.id = t.accepted_post_id) as accepted_at
    from threads t
    where t.kind = 'question' and t.hidden = false and t.merged_into_id is null
      and t.created_at > now() - make_interval(days => ${DAYS})`;
  const [medians, unanswered, flags, questions, replyHours, size] = await Promise.all([
    sql<{ first: number | null; accepted: number | null }>`
      select
        percentile_cont(0.5) within group (order by extract(epoch from first_reply_at - created_at) / 3600) as first,
        percentile_cont(0.5) within group (order by extract(epoch from accepted_at - created_at) / 3600) as accepted
      from (${firstReplies}) q`.execute(db),
    db
      .selectFrom("threads")
      .innerJoin("categories", "categories.id", "threads.category_id")
      .select(["threads.id", "threads.title", "categories.name as category", sql<number>`extract(epoch from now() - threads.created_at) / 3600`.as("age_hours")])
      .where("threads.kind", "=", "question")
      .where("threads.post_count", "<=", 1)
      .where("threads.hidden", "=", false)
      .where("threads.awaiting_approval", "=", false)
      .where("threads.merged_into_id", "is", null)
      .where("threads.status", "=", "open")
      .where("threads.created_at", "<", sql<Date>`now() - interval '24 hours'`)
      .orderBy("threads.created_at")
      .limit(50)
      .execute(),
    sql<{ day: string; value: number }>`
      select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') as day, count(*)::int as value
      from flags where created_at > now() - make_interval(days => ${DAYS}) group by 1`.execute(db),
    sql<{ day: string; value: number }>`
      select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') as day, count(*)::int as value
      from threads where kind = 'question' and created_at > now() - make_interval(days => ${DAYS}) group by 1`.execute(db),
    sql<{ day: string; value: number }>`
      select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') as day,
        round((percentile_cont(0.5) within group (order by extract(epoch from first_reply_at - created_at) / 3600))::numeric, 1) as value
      from (${firstReplies}) q where first_reply_at is not null group by 1`.execute(db),
    queueSize(db),
  ]);
  const round = (n: number | null) => (n === null ? null : Math.round(Number(n) * 10) / 10);
  return {
    queueSize: size,
    medianHoursToFirstReply: round(medians.rows[0]?.first ?? null),
    medianHoursToAccepted: round(medians.rows[0]?.accepted ?? null),
    unanswered: unanswered.map((u) => ({ id: u.id, title: u.title, url: `/t/${u.id}`, ageHours: Math.round(Number(u.age_hours)), category: u.category })),
    flagsPerDay: everyDay(flags.rows),
    questionsPerDay: everyDay(questions.rows),
    firstReplyHoursPerDay: everyDay(replyHours.rows),
  };
}
