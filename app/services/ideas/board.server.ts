/**
 * The feature-interest board: every idea with who stands behind it. Everyone sees the public
 * figures (votes, unique voters, unique companies); product managers also see the revenue of the
 * customer companies behind an idea, the prospects and trial companies asking for it, its
 * evidence, and how interest moved over the last weeks.
 *
 * "Behind an idea" means voting for it or being quoted as evidence for it; a company counts
 * once however many of its people do either.
 */
import { sql } from "kysely";
import { z } from "zod";
import type { Db } from "../../../db/index";
import { COMPANY_PLANS, IDEA_STATUSES, type IdeaStatus } from "../../../db/schema";
import { notFound, msg } from "../../lib/errors";
import { idSchema, parseInput, oneOf, says } from "../../lib/validation";
import { can, type Actor } from "../guardian";

export interface IdeaSummary {
  threadId: number;
  title: string;
  status: IdeaStatus;
  votes: number;
  uniqueVoters: number;
  uniqueCompanies: number;
  url: string;
  createdAt: string;
  /** Product managers only. */
  private?: {
    revenue: number;
    customers: number;
    prospects: number;
    trials: number;
    evidence: number;
    /** Votes and evidence per week, oldest first, the last TREND_WEEKS weeks. */
    trend: { week: string; interest: number }[];
  };
}

export const TREND_WEEKS = 12;

const SORTS = ["votes", "companies", "revenue", "prospects", "evidence", "newest"] as const;
const blank = (v: unknown) => (v === "" || v === null ? undefined : v);

export const boardSchema = z.object({
  status: z.preprocess(blank, z.enum(IDEA_STATUSES, oneOf("status", IDEA_STATUSES)).optional()),
  plan: z.preprocess(blank, z.enum(COMPANY_PLANS, oneOf("plan", COMPANY_PLANS)).optional()),
  sort: z.preprocess(blank, z.enum(SORTS, oneOf("sort", SORTS)).default("votes")),
  limit: z.preprocess(blank, z.coerce.number({ invalid_type_error: says.number("limit") }).int().min(1, says.range("limit", 1, 200)).max(200, says.range("limit", 1, 200)).default(50)),
  offset: z.preprocess(blank, z.coerce.number({ invalid_type_error: says.number("offset") }).int().min(0).max(100_000, says.outOfRange("offset")).default(0)),
});

/** Private sorts and the plan filter need the private figures: for others they fall back to votes. */
const PRIVATE_SORTS = new Set(["revenue", "prospects", "evidence"]);

/**
 * Each visible idea with its figures, in one query: supporters (voters and quoted authors) are
 * collected once, joined to their companies, and counted per idea.
 */
export async function listIdeas(db: Db, actor: Actor | null, input: unknown): Promise<{ ideas: IdeaSummary[]; next: number | null }> {
  return queryIdeas(db, can(actor, "ideas.manage"), parseInput(boardSchema, input));
}

async function queryIdeas(
  db: Db,
  full: boolean,
  { status, plan, sort, limit, offset, onlyId, trend = full }: z.output<typeof boardSchema> & { onlyId?: number; trend?: boolean },
): Promise<{ ideas: IdeaSummary[]; next: number | null }> {
  const order = !full && PRIVATE_SORTS.has(sort) ? "votes" : sort;
  const orderBy = {
    votes: sql`f.votes desc`,
    companies: sql`f.unique_companies desc, f.votes desc`,
    revenue: sql`f.revenue desc, f.votes desc`,
    prospects: sql`(f.prospects + f.trials) desc, f.votes desc`,
    evidence: sql`f.evidence desc, f.votes desc`,
    newest: sql`f.created_at desc`,
  }[order];
  const { rows } = await sql<{
    id: number;
    title: string;
    idea_status: IdeaStatus;
    votes: number;
    created_at: Date;
    unique_voters: number;
    unique_companies: number;
    revenue: string;
    customers: number;
    prospects: number;
    trials: number;
    evidence: number;
  }>`
    with ideas as (
      select t.id, t.title, t.idea_status, t.vote_count as votes, t.created_at from threads t
      where t.kind = 'idea' and not t.hidden and not t.awaiting_approval and t.merged_into_id is null
        ${status ? sql`and t.idea_status = ${status}` : sql``}
        ${onlyId ? sql`and t.id = ${onlyId}` : sql``}
    ), supporters as (
      select v.thread_id, v.user_id from idea_votes v join ideas i on i.id = v.thread_id
      union
      select e.idea_thread_id, ps.author_id from idea_evidence e join post_signals ps on ps.id = e.signal_id join ideas i on i.id = e.idea_thread_id
      where e.status = 'attached'
    ), backing as (
      select distinct s.thread_id, c.id as company_id, c.plan, c.annual_revenue
      from supporters s join users u on u.id = s.user_id join companies c on c.id = u.company_id
    ), figures as (
      select i.*,
        (select count(*)::int from idea_votes v where v.thread_id = i.id) as unique_voters,
        (select count(*)::int from backing b where b.thread_id = i.id) as unique_companies,
        (select coalesce(sum(b.annual_revenue) filter (where b.plan = 'customer'), 0) from backing b where b.thread_id = i.id) as revenue,
        (select count(*)::int from backing b where b.thread_id = i.id and b.plan = 'customer') as customers,
        (select count(*)::int from backing b where b.thread_id = i.id and b.plan = 'prospect') as prospects,
        (select count(*)::int from backing b where b.thread_id = i.id and b.plan = 'trial') as trials,
        (select count(*)::int from idea_evidence e where e.idea_thread_id = i.id and e.status = 'attached') as evidence
      from ideas i
    )
    select * from figures f
    ${full && plan ? sql`where exists (select 1 from backing b where b.thread_id = f.id and b.plan = ${plan})` : sql``}
    order by ${orderBy}, f.id desc
    limit ${limit + 1} offset ${offset}`.execute(db);
  const page = rows.slice(0, limit);
  const trends = full && trend ? await weeklyInterest(db, page.map((r) => r.id)) : new Map<number, { week: string; interest: number }[]>();
  return {
    ideas: page.map((r) => ({
      threadId: r.id,
      title: r.title,
      status: r.idea_status,
      votes: r.votes,
      uniqueVoters: r.unique_voters,
      uniqueCompanies: r.unique_companies,
      url: `/t/${r.id}`,
      createdAt: r.created_at.toISOString(),
      ...(full && {
        private: { revenue: Number(r.revenue), customers: r.customers, prospects: r.prospects, trials: r.trials, evidence: r.evidence, trend: trends.get(r.id) ?? [] },
      }),
    })),
    next: rows.length > limit ? offset + limit : null,
  };
}

/**
 * The top ideas by one of the board's figures, private ones included and without trends. The
 * caller has already asked the guardian whether its reader may see them (insights: everyone
 * with insights.view sees which ideas the most customer revenue stands behind).
 */
export async function topIdeas(db: Db, sort: "votes" | "revenue", limit: number): Promise<IdeaSummary[]> {
  return (await queryIdeas(db, true, { ...boardSchema.parse({}), sort, limit, trend: false })).ideas;
}

/**
 * The ideas another idea can be merged into or a request attached to: titles only, most voted
 * first, so a product manager picks one from a list instead of typing a number.
 */
export async function listIdeaChoices(db: Db): Promise<{ threadId: number; title: string; status: IdeaStatus | null }[]> {
  const rows = await db
    .selectFrom("threads")
    .select(["id", "title", "idea_status"])
    .where("kind", "=", "idea")
    .where("hidden", "=", false)
    .where("awaiting_approval", "=", false)
    .where("merged_into_id", "is", null)
    .orderBy("vote_count", "desc")
    .orderBy("id", "desc")
    .limit(500)
    .execute();
  return rows.map((r) => ({ threadId: r.id, title: r.title, status: r.idea_status }));
}

/** Votes and evidence per week for these ideas, every week of the window present (zeros too). */
export async function weeklyInterest(db: Db, ideaIds: number[]): Promise<Map<number, { week: string; interest: number }[]>> {
  const out = new Map<number, { week: string; interest: number }[]>();
  if (ideaIds.length === 0) return out;
  const { rows } = await sql<{ idea: number; week: string; interest: number }>`
    with weeks as (
      select generate_series(date_trunc('week', now()) - ${`${TREND_WEEKS - 1} weeks`}::interval, date_trunc('week', now()), interval '1 week') as week
    ), events as (
      select thread_id as idea, created_at as at from idea_votes where thread_id = any(${ideaIds}::int[])
      union all
      select e.idea_thread_id, ps.detected_at from idea_evidence e join post_signals ps on ps.id = e.signal_id
      where e.status = 'attached' and e.idea_thread_id = any(${ideaIds}::int[])
    )
    select i.idea, to_char(w.week, 'YYYY-MM-DD') as week, count(e.at)::int as interest
    from unnest(${ideaIds}::int[]) as i (idea) cross join weeks w
    left join events e on e.idea = i.idea and date_trunc('week', e.at) = w.week
    group by i.idea, w.week order by i.idea, w.week`.execute(db);
  for (const r of rows) out.set(r.idea, [...(out.get(r.idea) ?? []), { week: r.week, interest: r.interest }]);
  return out;
}

export interface EvidenceView {
  id: number;
  kind: string;
  quote: string;
  score: number;
  postId: number;
  threadId: number;
  threadTitle: string;
  author: string;
  company: { name: string; plan: string } | null;
  detectedAt: string;
  url: string;
}

/** One idea's evidence, newest first (product managers). */
export async function ideaEvidence(db: Db, ideaThreadId: number): Promise<EvidenceView[]> {
  return evidenceQuery(db).where("e.idea_thread_id", "=", ideaThreadId).where("e.status", "=", "attached").orderBy("ps.detected_at", "desc").limit(200).execute().then((rows) => rows.map(toEvidence));
}

export function evidenceQuery(db: Db) {
  return db
    .selectFrom("idea_evidence as e")
    .innerJoin("post_signals as ps", "ps.id", "e.signal_id")
    .innerJoin("threads as t", "t.id", "ps.thread_id")
    .innerJoin("users as u", "u.id", "ps.author_id")
    .leftJoin("companies as c", "c.id", "u.company_id")
    .select(["e.id", "ps.kind", "ps.quote", "ps.score", "ps.post_id", "ps.thread_id", "t.title as thread_title", "u.handle", "c.name as company_name", "c.plan", "ps.detected_at"]);
}

export function toEvidence(r: {
  id: number;
  kind: string;
  quote: string;
  score: number;
  post_id: number;
  thread_id: number;
  thread_title: string;
  handle: string;
  company_name: string | null;
  plan: string | null;
  detected_at: Date;
}): EvidenceView {
  return {
    id: r.id,
    kind: r.kind,
    quote: r.quote,
    score: r.score,
    postId: r.post_id,
    threadId: r.thread_id,
    threadTitle: r.thread_title,
    author: r.handle,
    company: r.company_name ? { name: r.company_name, plan: r.plan! } : null,
    detectedAt: r.detected_at.toISOString(),
    url: `/t/${r.thread_id}#post-${r.post_id}`,
  };
}

/** One idea with its figures and, for product managers, its evidence and trend. */
export async function getIdea(db: Db, actor: Actor | null, threadId: unknown): Promise<IdeaSummary & { evidence?: EvidenceView[] }> {
  const id = parseInput(idSchema, threadId);
  const full = can(actor, "ideas.manage");
  // The board's own query, narrowed to one idea: one definition of the figures.
  const [idea] = (await queryIdeas(db, full, { ...boardSchema.parse({}), onlyId: id })).ideas;
  if (!idea) throw notFound(msg("idea.notFound"));
  return full ? { ...idea, evidence: await ideaEvidence(db, id) } : idea;
}

/** The public roadmap: what is planned, being built, and shipped. */
export async function roadmap(db: Db): Promise<Record<"planned" | "in_progress" | "shipped", { threadId: number; title: string; votes: number; url: string; updatedAt: string }[]>> {
  const rows = await db
    .selectFrom("threads")
    .select(["id", "title", "vote_count", "idea_status", "updated_at"])
    .where("kind", "=", "idea")
    .where("hidden", "=", false)
    // Like the board: an idea a moderator has not approved yet is not public, whatever its status.
    .where("awaiting_approval", "=", false)
    .where("merged_into_id", "is", null)
    .where("idea_status", "in", ["planned", "in_progress", "shipped"])
    .orderBy("vote_count", "desc")
    .orderBy("id", "desc")
    .limit(300)
    .execute();
  const out = { planned: [], in_progress: [], shipped: [] } as Record<"planned" | "in_progress" | "shipped", { threadId: number; title: string; votes: number; url: string; updatedAt: string }[]>;
  for (const r of rows) out[r.idea_status as "planned"].push({ threadId: r.id, title: r.title, votes: r.vote_count, url: `/t/${r.id}`, updatedAt: r.updated_at.toISOString() });
  return out;
}
