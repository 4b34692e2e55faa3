/** Admins start harvest passes and read their figures (the guardian's `harvest.run`). */
import { z } from "zod";
import type { Db } from "../../../db/index";
import type { HarvestRunStatus } from "../../../db/schema";
import { queueHarvestRun } from "../../harvest/runs.server";
import { notFound, msg } from "../../lib/errors";
import { idSchema, parseInput, zodEnum } from "../../lib/validation";
import type { ServiceContext } from "../context";
import { ensure, type Actor } from "../guardian";

export interface HarvestRunView {
  id: number;
  status: HarvestRunStatus;
  scope: "full" | "incremental";
  trigger: "admin" | "cli" | "schedule";
  requestedBy: string | null;
  total: number;
  processed: number;
  stats: Record<string, number>;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
}

const startSchema = z.object({
  scope: z.enum(["full", "incremental"], zodEnum("validation.harvestScope")).optional().default("full"),
});

/** Queues a pass (or returns the one already waiting); its job runs on whichever node takes it. */
export async function startHarvestRun(ctx: ServiceContext, actor: Actor | null, input: unknown): Promise<{ run: HarvestRunView; alreadyQueued: boolean }> {
  ensure(actor, "harvest.run");
  const { scope } = parseInput(startSchema, input);
  const queued = await queueHarvestRun(ctx, { scope, trigger: "admin", requestedBy: actor!.id });
  if (queued.queued) ctx.jobs.wake("harvest-pass");
  return { run: await getHarvestRun(ctx.db, actor, queued.id), alreadyQueued: !queued.queued };
}

function selectRuns(db: Db) {
  return db
    .selectFrom("harvest_runs as r")
    .leftJoin("users as u", "u.id", "r.requested_by")
    .select(["r.id", "r.status", "r.scope", "r.trigger", "u.handle", "r.total", "r.processed", "r.stats", "r.error", "r.created_at", "r.started_at", "r.finished_at"]);
}

function toView(r: Awaited<ReturnType<ReturnType<typeof selectRuns>["executeTakeFirstOrThrow"]>>): HarvestRunView {
  return {
    id: r.id,
    status: r.status,
    scope: r.scope,
    trigger: r.trigger,
    requestedBy: r.handle,
    total: r.total,
    processed: r.processed,
    stats: r.stats,
    error: r.error,
    createdAt: r.created_at.toISOString(),
    startedAt: r.started_at?.toISOString() ?? null,
    finishedAt: r.finished_at?.toISOString() ?? null,
    durationMs: r.started_at && r.finished_at ? r.finished_at.getTime() - r.started_at.getTime() : null,
  };
}

export async function getHarvestRun(db: Db, actor: Actor | null, runId: unknown): Promise<HarvestRunView> {
  ensure(actor, "harvest.run");
  const id = parseInput(idSchema, runId);
  const row = await selectRuns(db).where("r.id", "=", id).executeTakeFirst();
  if (!row) throw notFound(msg("harvest.notFound"));
  return toView(row);
}

export async function listHarvestRuns(db: Db, actor: Actor | null, limit = 20): Promise<HarvestRunView[]> {
  ensure(actor, "harvest.run");
  return (await selectRuns(db).orderBy("r.id", "desc").limit(limit).execute()).map(toView);
}
