/**
 * The lead stage of a pass: for the people whose signals changed, the facts their score is made
 * of are read in a few set-based queries, scored (score.ts), and their lead created or updated
 * with its signals. Idempotent: one lead per person, one lead signal per source post (or idea
 * voted for), so a second pass over the same data adds nothing.
 *
 * A lead sales dismissed comes back only with a new signal stronger than any it had when it was
 * dismissed: the same old evidence, or weaker, never reopens it.
 */
import { sql } from "kysely";
import type { Db } from "../../../db/index";
import type { CompanyPlan, LeadSignalKind } from "../../../db/schema";
import type { JobQueue } from "../../jobs/job-queue.server";
import { queueWebhooks } from "../../services/webhooks/queue-webhooks.server";
import { scoreLead, type LeadFacts } from "./score";
import type { LeadWeights } from "./weights";

export interface LeadOutcome {
  created: number;
  updated: number;
  reopened: number;
}

/** An idea vote is a clear but not a strong signal. */
const VOTE_STRENGTH = 0.5;

interface PersonSignals {
  facts: LeadFacts;
  companyId: number | null;
  handle: string;
  companyName: string | null;
  lastSignalAt: Date | null;
  signals: { kind: LeadSignalKind; signalId: number | null; ideaThreadId: number | null; strength: number; at: Date }[];
}

async function loadPeople(db: Db, userIds: number[], w: LeadWeights): Promise<Map<number, PersonSignals>> {
  const users = await db
    .selectFrom("users as u")
    .leftJoin("companies as c", "c.id", "u.company_id")
    .select(["u.id", "u.handle", "u.company_id", "c.plan", "c.annual_revenue", "c.name as company_name"])
    .where("u.id", "in", userIds)
    .where("u.role", "=", "member")
    .execute();
  const people = new Map<number, PersonSignals>();
  for (const u of users) {
    people.set(u.id, {
      handle: u.handle,
      companyId: u.company_id,
      companyName: u.company_name,
      lastSignalAt: null,
      signals: [],
      facts: { plan: (u.plan as CompanyPlan | null) ?? null, annualRevenue: u.annual_revenue === null ? null : Number(u.annual_revenue), buyingIntent: [], ideaVotes: 0, requests: 0, busiestWindowPosts: 0 },
    });
  }
  const ids = [...people.keys()];
  if (ids.length === 0) return people;
  const note = (p: PersonSignals, at: Date) => {
    if (!p.lastSignalAt || at > p.lastSignalAt) p.lastSignalAt = at;
  };

  const signals = await db.selectFrom("post_signals").select(["id", "author_id", "kind", "score", "detected_at"]).where("author_id", "in", ids).execute();
  for (const s of signals) {
    const p = people.get(s.author_id)!;
    if (s.kind === "buying_intent") p.facts.buyingIntent.push(s.score);
    else p.facts.requests++;
    p.signals.push({ kind: s.kind, signalId: s.id, ideaThreadId: null, strength: s.score, at: s.detected_at });
    note(p, s.detected_at);
  }
  const votes = await db
    .selectFrom("idea_votes as v")
    .innerJoin("threads as t", "t.id", "v.thread_id")
    .select(["v.user_id", "v.thread_id", "v.created_at"])
    .where("v.user_id", "in", ids)
    .where("t.kind", "=", "idea")
    .where("t.hidden", "=", false)
    .execute();
  for (const v of votes) {
    const p = people.get(v.user_id)!;
    p.facts.ideaVotes++;
    p.signals.push({ kind: "idea_vote", signalId: null, ideaThreadId: v.thread_id, strength: VOTE_STRENGTH, at: v.created_at });
    note(p, v.created_at);
  }
  const { rows: bursts } = await sql<{ author_id: number; posts: number }>`
    select author_id, max(n)::int as posts from (
      select author_id, count(*) over (partition by author_id order by created_at range between ${`${w.burstDays} days`}::interval preceding and current row) as n
      from posts where author_id = any(${ids}::int[]) and status = 'visible' and created_at > now() - interval '90 days'
    ) windows group by author_id`.execute(db);
  for (const b of bursts) people.get(b.author_id)!.facts.busiestWindowPosts = b.posts;
  return people;
}

export async function refreshLeads(deps: { db: Db; jobs: JobQueue }, userIds: Iterable<number>, weights: LeadWeights): Promise<LeadOutcome> {
  const outcome: LeadOutcome = { created: 0, updated: 0, reopened: 0 };
  const all = [...new Set(userIds)].sort((a, b) => a - b);
  for (let at = 0; at < all.length; at += 200) {
    const batch = all.slice(at, at + 200);
    const people = await loadPeople(deps.db, batch, weights);
    await deps.db.transaction().execute(async (tx) => {
      const existing = new Map(
        (await tx.selectFrom("leads").select(["id", "user_id", "status", "dismissed_at", "dismissed_strength"]).where("user_id", "in", batch).forUpdate().execute()).map((l) => [l.user_id, l]),
      );
      for (const [userId, person] of people) {
        const result = scoreLead(person.facts, weights);
        const current = existing.get(userId);
        if (!current && (!result.hasSignal || result.score < weights.minScore)) continue;
        const values = {
          company_id: person.companyId,
          score: result.score,
          fit_score: result.fit,
          behaviour_score: result.behaviour,
          explanation: JSON.stringify(result.explanation),
          last_signal_at: person.lastSignalAt,
        };
        const lead = current
          ? await tx.updateTable("leads").set({ ...values, updated_at: sql`now()` }).where("id", "=", current.id).returning(["id", "status"]).executeTakeFirstOrThrow()
          : await tx.insertInto("leads").values({ user_id: userId, ...values }).returning(["id", "status"]).executeTakeFirstOrThrow();
        if (current) outcome.updated++;
        else outcome.created++;
        // Votes and requests count toward a lead only from people evaluating the product.
        const evaluating = person.facts.plan === "prospect" || person.facts.plan === "trial";
        const kept = person.signals.filter((s) => s.kind === "buying_intent" || evaluating);
        const added = kept.length
          ? await tx
              .insertInto("lead_signals")
              .values(kept.map((s) => ({ lead_id: lead.id, kind: s.kind, signal_id: s.signalId, idea_thread_id: s.ideaThreadId, strength: s.strength, occurred_at: s.at })))
              .onConflict((oc) => oc.doNothing())
              .returning("strength")
              .execute()
          : [];
        if (current?.status === "dismissed" && added.some((s) => s.strength > (current.dismissed_strength ?? 0))) {
          await tx.updateTable("leads").set({ status: "new", dismissed_at: null, dismissed_strength: null }).where("id", "=", lead.id).execute();
          outcome.reopened++;
        }
        if (!current) {
          await queueWebhooks({ db: tx, jobs: deps.jobs }, "lead.created", {
            lead: { id: lead.id, score: result.score, status: lead.status, user: { handle: person.handle }, company: person.companyName ? { name: person.companyName } : null },
          });
        }
      }
    });
  }
  return outcome;
}
