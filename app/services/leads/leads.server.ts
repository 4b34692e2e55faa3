/**
 * The lead list (sales and admins): people the harvest found signs of buying interest from,
 * scored and explained, with the evidence, and worked through by status, owner and notes.
 */
import { sql } from "kysely";
import { z } from "zod";
import type { Db } from "../../../db/index";
import { COMPANY_PLANS, LEAD_STATUSES, type LeadStatus } from "../../../db/schema";
import { notFound, validationFailed, msg, fieldError } from "../../lib/errors";
import { idSchema, parseInput, oneOf, says } from "../../lib/validation";
import { toActor } from "../auth.server";
import type { ServiceContext } from "../context";
import { can, ensure, type Actor } from "../guardian";
import { queueWebhooks } from "../webhooks/queue-webhooks.server";

export interface LeadSignalView {
  kind: string;
  strength: number;
  quote: string | null;
  postId: number | null;
  threadId: number | null;
  threadTitle: string | null;
  url: string | null;
  occurredAt: string;
}

export interface LeadView {
  id: number;
  score: number;
  fit: number;
  behaviour: number;
  explanation: { factor: string; points: number; detail: string }[];
  status: LeadStatus;
  user: { id: number; handle: string; email: string };
  company: { id: number; name: string; plan: string; annualRevenue: number | null } | null;
  owner: { id: number; handle: string } | null;
  notes: string;
  signals: LeadSignalView[];
  lastSignalAt: string | null;
  createdAt: string;
  updatedAt: string;
}

const blank = (v: unknown) => (v === "" || v === null ? undefined : v);
const SORTS = ["score", "recent", "newest"] as const;

export const leadListSchema = z.object({
  status: z.preprocess(blank, z.enum(LEAD_STATUSES, oneOf("status", LEAD_STATUSES)).optional()),
  plan: z.preprocess(blank, z.enum(COMPANY_PLANS, oneOf("plan", COMPANY_PLANS)).optional()),
  owner: z.preprocess(blank, z.string().trim().max(30).optional()),
  minScore: z.preprocess(blank, z.coerce.number({ invalid_type_error: says.number("minScore") }).int().min(0).max(100_000).optional()),
  sort: z.preprocess(blank, z.enum(SORTS, oneOf("sort", SORTS)).default("score")),
  limit: z.preprocess(blank, z.coerce.number({ invalid_type_error: says.number("limit") }).int().min(1, says.range("limit", 1, 1000)).max(1000, says.range("limit", 1, 1000)).default(100)),
  offset: z.preprocess(blank, z.coerce.number({ invalid_type_error: says.number("offset") }).int().min(0).max(1_000_000, says.outOfRange("offset")).default(0)),
});

function selectLeads(db: Db) {
  return db
    .selectFrom("leads as l")
    .innerJoin("users as u", "u.id", "l.user_id")
    .leftJoin("companies as c", "c.id", "l.company_id")
    .leftJoin("users as o", "o.id", "l.owner_id")
    .select([
      "l.id",
      "l.score",
      "l.fit_score",
      "l.behaviour_score",
      "l.explanation",
      "l.status",
      "l.notes",
      "l.last_signal_at",
      "l.created_at",
      "l.updated_at",
      "u.id as user_id",
      "u.handle",
      "u.email",
      "c.id as company_id",
      "c.name as company_name",
      "c.plan",
      "c.annual_revenue",
      "o.id as owner_id",
      "o.handle as owner_handle",
    ]);
}

/** Every listed lead's signals in one query (no N+1), newest first. */
async function signalsOf(db: Db, leadIds: number[]): Promise<Map<number, LeadSignalView[]>> {
  const out = new Map<number, LeadSignalView[]>();
  if (leadIds.length === 0) return out;
  const rows = await db
    .selectFrom("lead_signals as ls")
    .leftJoin("post_signals as ps", "ps.id", "ls.signal_id")
    .leftJoin("threads as t", (join) => join.on(sql<boolean>`t.id = coalesce(ps.thread_id, ls.idea_thread_id)`))
    .select(["ls.lead_id", "ls.kind", "ls.strength", "ls.occurred_at", "ps.quote", "ps.post_id", "t.id as thread_id", "t.title"])
    .where("ls.lead_id", "in", leadIds)
    .orderBy("ls.occurred_at", "desc")
    .execute();
  for (const r of rows) {
    const view: LeadSignalView = {
      kind: r.kind,
      strength: Math.round(r.strength * 100) / 100,
      quote: r.quote,
      postId: r.post_id,
      threadId: r.thread_id,
      threadTitle: r.title,
      url: r.thread_id ? `/t/${r.thread_id}${r.post_id ? `#post-${r.post_id}` : ""}` : null,
      occurredAt: r.occurred_at.toISOString(),
    };
    out.set(r.lead_id, [...(out.get(r.lead_id) ?? []), view]);
  }
  return out;
}

type LeadRow = Awaited<ReturnType<ReturnType<typeof selectLeads>["executeTakeFirstOrThrow"]>>;

function toView(r: LeadRow, signals: LeadSignalView[]): LeadView {
  return {
    id: r.id,
    score: r.score,
    fit: r.fit_score,
    behaviour: r.behaviour_score,
    explanation: r.explanation,
    status: r.status,
    user: { id: r.user_id, handle: r.handle, email: r.email },
    company: r.company_id !== null ? { id: r.company_id, name: r.company_name!, plan: r.plan!, annualRevenue: r.annual_revenue === null ? null : Number(r.annual_revenue) } : null,
    owner: r.owner_id !== null ? { id: r.owner_id, handle: r.owner_handle! } : null,
    notes: r.notes,
    signals,
    lastSignalAt: r.last_signal_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export async function listLeads(db: Db, actor: Actor | null, input: unknown): Promise<{ leads: LeadView[]; next: number | null }> {
  ensure(actor, "leads.view");
  const { status, plan, owner, minScore, sort, limit, offset } = parseInput(leadListSchema, input);
  let query = selectLeads(db);
  // Dismissed leads are out of the way unless asked for.
  query = status ? query.where("l.status", "=", status) : query.where("l.status", "!=", "dismissed");
  if (plan) query = query.where("c.plan", "=", plan);
  if (owner) query = query.where(sql<boolean>`lower(o.handle) = ${owner.toLowerCase()}`);
  if (minScore !== undefined) query = query.where("l.score", ">=", minScore);
  query = sort === "recent" ? query.orderBy(sql`l.last_signal_at desc nulls last`) : sort === "newest" ? query.orderBy("l.created_at", "desc") : query.orderBy("l.score", "desc");
  const rows = await query.orderBy("l.id", "desc").limit(limit + 1).offset(offset).execute();
  const page = rows.slice(0, limit);
  const signals = await signalsOf(db, page.map((r) => r.id));
  return { leads: page.map((r) => toView(r, signals.get(r.id) ?? [])), next: rows.length > limit ? offset + limit : null };
}

export async function getLead(db: Db, actor: Actor | null, leadId: unknown): Promise<LeadView> {
  ensure(actor, "leads.view");
  const id = parseInput(idSchema, leadId);
  const row = await selectLeads(db).where("l.id", "=", id).executeTakeFirst();
  if (!row) throw notFound(msg("lead.notFound"));
  return toView(row, (await signalsOf(db, [id])).get(id) ?? []);
}

export const leadUpdateSchema = z.object({
  status: z.preprocess(blank, z.enum(LEAD_STATUSES, oneOf("status", LEAD_STATUSES)).optional()),
  /** A handle of someone in sales (or an admin); "" clears the owner. */
  owner: z.string().trim().max(30).optional(),
  notes: z.string().max(5000, says.atMost("notes", 5000)).optional(),
});

/**
 * Sales works a lead: its status, who owns it, notes. Qualifying one announces it (webhook);
 * dismissing one remembers its strongest signal, so only a stronger new one brings it back.
 */
export async function updateLead(ctx: ServiceContext, actor: Actor | null, leadId: unknown, input: unknown): Promise<LeadView> {
  ensure(actor, "leads.manage");
  const id = parseInput(idSchema, leadId);
  const data = parseInput(leadUpdateSchema, input);
  await ctx.db.transaction().execute(async (tx) => {
    const lead = await tx.selectFrom("leads").select(["id", "status"]).where("id", "=", id).forUpdate().executeTakeFirst();
    if (!lead) throw notFound(msg("lead.notFound"));
    let ownerId: number | null | undefined;
    if (data.owner !== undefined) {
      if (data.owner === "") ownerId = null;
      else {
        const owner = await tx.selectFrom("users").selectAll().where(sql<boolean>`lower(handle) = ${data.owner.toLowerCase()}`).executeTakeFirst();
        // An owner must be someone who could work the lead themselves: the guardian says who.
        if (!owner || !can(toActor(owner, "session"), "leads.manage")) throw validationFailed([fieldError("owner", msg("lead.ownerNotSales"))]);
        ownerId = owner.id;
      }
    }
    const status = data.status;
    await tx
      .updateTable("leads")
      .set({
        ...(status && { status }),
        ...(ownerId !== undefined && { owner_id: ownerId }),
        ...(data.notes !== undefined && { notes: data.notes }),
        ...(status === "dismissed" && lead.status !== "dismissed" && {
          dismissed_at: sql`now()`,
          dismissed_strength: sql`(select coalesce(max(strength), 0) from lead_signals where lead_id = ${id})`,
        }),
        ...(status && status !== "dismissed" && { dismissed_at: null, dismissed_strength: null }),
        updated_at: sql`now()`,
      })
      .where("id", "=", id)
      .execute();
    if (status === "qualified" && lead.status !== "qualified") {
      const view = await selectLeads(tx).where("l.id", "=", id).executeTakeFirstOrThrow();
      await queueWebhooks({ db: tx, jobs: ctx.jobs }, "lead.qualified", {
        lead: { id, score: view.score, status: "qualified", user: { handle: view.handle }, company: view.company_name ? { name: view.company_name } : null, owner: view.owner_handle },
      });
    }
  });
  ctx.jobs.wake("webhook-delivery");
  return getLead(ctx.db, actor, id);
}
