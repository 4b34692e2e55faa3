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
import { queueWebhooks, webhooksFor } from "../../services/webhooks/queue-webhooks.server";
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

const PEOPLE_PER_BATCH = 200;
const BATCHES_IN_FLIGHT = 2;

/**
 * Set-based per batch of 200 people: one upsert for their leads, one insert of their lead
 * signals, one update for those a new signal reopens. (Statement by statement, a full pass over
 * 6,000 leads spent over a minute here; see bench/report.md.)
 */
export async function refreshLeads(deps: { db: Db; jobs: JobQueue }, userIds: Iterable<number>, weights: LeadWeights): Promise<LeadOutcome> {
  const outcome: LeadOutcome = { created: 0, updated: 0, reopened: 0 };
  const all = [...new Set(userIds)].sort((a, b) => a - b);
  const batches: number[][] = [];
  for (let at = 0; at < all.length; at += PEOPLE_PER_BATCH) batches.push(all.slice(at, at + PEOPLE_PER_BATCH));
  const refreshBatch = async (batch: number[]) => {
    const people = await loadPeople(deps.db, batch, weights);
    await deps.db.transaction().execute(async (tx) => {
      const existing = new Map(
        (await tx.selectFrom("leads").select(["id", "user_id", "status", "dismissed_at", "dismissed_strength"]).where("user_id", "in", batch).forUpdate().execute()).map((l) => [l.user_id, l]),
      );
      const scored = [...people]
        .map(([userId, person]) => ({ userId, person, result: scoreLead(person.facts, weights), current: existing.get(userId) }))
        .filter(({ result, current }) => current || (result.hasSignal && result.score >= weights.minScore));
      if (scored.length === 0) return;
      const leads = await tx
        .insertInto("leads")
        .values(
          scored.map(({ userId, person, result }) => ({
            user_id: userId,
            company_id: person.companyId,
            score: result.score,
            fit_score: result.fit,
            behaviour_score: result.behaviour,
            explanation: JSON.stringify(result.explanation),
            last_signal_at: person.lastSignalAt,
          })),
        )
        .onConflict((oc) =>
          oc.column("user_id").doUpdateSet((eb) => ({
            company_id: eb.ref("excluded.company_id"),
            score: eb.ref("excluded.score"),
            fit_score: eb.ref("excluded.fit_score"),
            behaviour_score: eb.ref("excluded.behaviour_score"),
            explanation: eb.ref("excluded.explanation"),
            last_signal_at: eb.ref("excluded.last_signal_at"),
            updated_at: sql`now()`,
          })),
        )
        .returning(["id", "user_id", "status"])
        .execute();
      const leadOf = new Map(leads.map((l) => [l.user_id, l]));

      // Votes and requests count toward a lead only from people evaluating the product.
      const signalRows = scored.flatMap(({ userId, person }) => {
        const evaluating = person.facts.plan === "prospect" || person.facts.plan === "trial";
        const leadId = leadOf.get(userId)!.id;
        return person.signals
          .filter((s) => s.kind === "buying_intent" || evaluating)
          .map((s) => ({ lead_id: leadId, kind: s.kind, signal_id: s.signalId, idea_thread_id: s.ideaThreadId, strength: s.strength, occurred_at: s.at }));
      });
      // One insert of arrays, whatever the number of rows (no parameter limit, one short statement to plan).
      const strongestAdded = new Map<number, number>();
      if (signalRows.length > 0) {
        const { rows: added } = await sql<{ lead_id: number; strength: number }>`
          insert into lead_signals (lead_id, kind, signal_id, idea_thread_id, strength, occurred_at)
          select * from unnest(
            ${signalRows.map((r) => r.lead_id)}::int[], ${signalRows.map((r) => r.kind)}::text[], ${signalRows.map((r) => r.signal_id)}::int[],
            ${signalRows.map((r) => r.idea_thread_id)}::int[], ${signalRows.map((r) => r.strength)}::real[], ${signalRows.map((r) => r.occurred_at)}::timestamptz[])
          on conflict do nothing
          returning lead_id, strength`.execute(tx);
        for (const a of added) strongestAdded.set(a.lead_id, Math.max(strongestAdded.get(a.lead_id) ?? 0, a.strength));
      }

      const reopen = scored
        .filter(({ userId, current }) => current?.status === "dismissed" && (strongestAdded.get(leadOf.get(userId)!.id) ?? 0) > (current.dismissed_strength ?? 0))
        .map(({ userId }) => leadOf.get(userId)!.id);
      if (reopen.length) await tx.updateTable("leads").set({ status: "new", dismissed_at: null, dismissed_strength: null }).where("id", "in", reopen).execute();
      outcome.reopened += reopen.length;

      const created = scored.filter(({ current }) => !current);
      outcome.created += created.length;
      outcome.updated += scored.length - created.length;
      const subscribers = created.length ? await webhooksFor(tx, "lead.created") : [];
      if (subscribers.length === 0) return;
      for (const { userId, person, result } of created) {
        const lead = leadOf.get(userId)!;
        await queueWebhooks(
          { db: tx, jobs: deps.jobs },
          "lead.created",
          { lead: { id: lead.id, score: result.score, status: lead.status, user: { handle: person.handle }, company: person.companyName ? { name: person.companyName } : null } },
          subscribers,
        );
      }
    });
  };
  // Batches are disjoint sets of people (their own leads and lead signals), so two run at once,
  // each in its own transaction on its own connection: one reads and scores while the other writes.
  let next = 0;
  let failed = false;
  const lanes = await Promise.allSettled(
    Array.from({ length: BATCHES_IN_FLIGHT }, async () => {
      try {
        while (!failed && next < batches.length) await refreshBatch(batches[next++]!);
      } catch (error) {
        failed = true;
        throw error;
      }
    }),
  );
  const failure = lanes.find((l): l is PromiseRejectedResult => l.status === "rejected");
  if (failure) throw failure.reason;
  return outcome;
}
