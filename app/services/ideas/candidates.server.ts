/**
 * Candidate requests: feature requests and implied needs the detectors found outside idea
 * threads ("it would be great if…" in a how-to question). A product manager accepts one into a
 * new idea, attaches it to an existing idea (the evidence moves with it), or dismisses it.
 */
import { sql } from "kysely";
import { z } from "zod";
import type { Db } from "../../../db/index";
import { conflict, notFound, validationFailed, msg, fieldError } from "../../lib/errors";
import { idSchema, parseInput, text, zodEnum } from "../../lib/validation";
import { createThread } from "../community/threads.server";
import type { ServiceContext } from "../context";
import { ensure, type Actor } from "../guardian";
import { recordModAction } from "../moderation/audit.server";
import { evidenceQuery, toEvidence, type EvidenceView } from "./board.server";

const blank = (v: unknown) => (v === "" || v === null ? undefined : v);

export async function listCandidates(db: Db, actor: Actor | null, input: unknown): Promise<{ candidates: EvidenceView[]; next: number | null }> {
  ensure(actor, "ideas.manage");
  const { kind, limit, offset } = parseInput(
    z.object({
      kind: z.preprocess(blank, z.enum(["feature_request", "implied_need"], zodEnum("validation.candidateKind")).optional()),
      limit: z.preprocess(blank, z.coerce.number().int().min(1).max(200).default(50)),
      offset: z.preprocess(blank, z.coerce.number().int().min(0).max(100_000).default(0)),
    }),
    input,
  );
  const rows = await evidenceQuery(db)
    .where("e.status", "=", "candidate")
    .$if(kind !== undefined, (q) => q.where("ps.kind", "=", kind!))
    .orderBy("ps.score", "desc")
    .orderBy("e.id", "desc")
    .limit(limit + 1)
    .offset(offset)
    .execute();
  return { candidates: rows.slice(0, limit).map(toEvidence), next: rows.length > limit ? offset + limit : null };
}

async function lockCandidate(tx: Db, evidenceId: number) {
  const row = await tx
    .selectFrom("idea_evidence as e")
    .innerJoin("post_signals as ps", "ps.id", "e.signal_id")
    .innerJoin("users as u", "u.id", "ps.author_id")
    .select(["e.id", "e.status", "ps.quote", "ps.post_id", "ps.thread_id", "u.handle"])
    .where("e.id", "=", evidenceId)
    .forUpdate("e")
    .executeTakeFirst();
  if (!row) throw notFound(msg("candidate.notFound"));
  if (row.status !== "candidate") throw conflict(msg(`candidate.already.${row.status}`));
  return row;
}

async function decide(tx: Db, actor: Actor, evidenceId: number, decision: { status: "attached" | "dismissed"; ideaThreadId: number | null }, reason = "") {
  await tx
    .updateTable("idea_evidence")
    .set({ status: decision.status, idea_thread_id: decision.ideaThreadId, decided_by: actor.id, decided_at: sql`now()` })
    .where("id", "=", evidenceId)
    .execute();
  await recordModAction(tx, actor, `idea.evidence.${decision.status === "attached" ? "attach" : "dismiss"}`, { type: "thread", id: decision.ideaThreadId }, reason, { evidenceId });
}

/** Attaches a candidate to an existing idea: it becomes that idea's evidence. */
export async function attachCandidate(ctx: ServiceContext, actor: Actor | null, evidenceId: unknown, input: unknown): Promise<{ ideaThreadId: number }> {
  ensure(actor, "ideas.manage");
  const id = parseInput(idSchema, evidenceId);
  const { ideaThreadId } = parseInput(z.object({ ideaThreadId: idSchema }), input);
  await ctx.db.transaction().execute(async (tx) => {
    await lockCandidate(tx, id);
    const idea = await tx.selectFrom("threads").select(["kind", "merged_into_id", "hidden"]).where("id", "=", ideaThreadId).executeTakeFirst();
    if (!idea || idea.kind !== "idea" || idea.hidden) throw validationFailed([fieldError("ideaThreadId", msg("candidate.notAnIdea"))]);
    if (idea.merged_into_id) throw validationFailed([fieldError("ideaThreadId", msg("candidate.ideaMerged", { id: idea.merged_into_id }))]);
    await decide(tx, actor!, id, { status: "attached", ideaThreadId });
  });
  return { ideaThreadId };
}

export async function dismissCandidate(ctx: ServiceContext, actor: Actor | null, evidenceId: unknown, input: unknown = {}): Promise<void> {
  ensure(actor, "ideas.manage");
  const id = parseInput(idSchema, evidenceId);
  const { reason } = parseInput(z.object({ reason: z.string().trim().max(500).optional().default("") }), input);
  await ctx.db.transaction().execute(async (tx) => {
    await lockCandidate(tx, id);
    await decide(tx, actor!, id, { status: "dismissed", ideaThreadId: null }, reason);
  });
}

/**
 * Accepts a candidate into a new idea: an idea thread, opened by the product manager, quoting
 * the request and linking to where it was made; the request is its first evidence.
 */
export async function acceptCandidate(ctx: ServiceContext, actor: Actor | null, evidenceId: unknown, input: unknown): Promise<{ ideaThreadId: number; url: string }> {
  ensure(actor, "ideas.manage");
  const id = parseInput(idSchema, evidenceId);
  const data = parseInput(z.object({ title: text("title", 3, 200), categoryId: idSchema.optional() }), input);
  const candidate = await lockCandidate(ctx.db, id);
  const category =
    data.categoryId ??
    (await ctx.db.selectFrom("categories").select("id").where(sql<boolean>`'idea' = any(kinds)`).orderBy("position").executeTakeFirst())?.id;
  if (!category) throw validationFailed([fieldError("categoryId", msg("candidate.noIdeaCategory"))]);
  const quoted = candidate.quote.split("\n").map((line) => `> ${line}`).join("\n");
  // The decision commits with the idea thread: a candidate someone else decided meanwhile (409)
  // leaves no orphan idea behind.
  const { thread } = await createThread(
    ctx,
    actor,
    {
      categoryId: category,
      kind: "idea",
      title: data.title,
      body: `${quoted}\n\nAsked by @${candidate.handle} in [this thread](/t/${candidate.thread_id}#post-${candidate.post_id}).`,
    },
    {
      alsoInTransaction: async (tx, ideaThreadId) => {
        await lockCandidate(tx, id);
        await decide(tx, actor!, id, { status: "attached", ideaThreadId });
      },
    },
  );
  return { ideaThreadId: thread.id, url: thread.url };
}
