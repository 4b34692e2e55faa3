import type { Db } from "../../db/index";
import type { JobQueue } from "../jobs/job-queue.server";

export interface QueuedRun {
  id: number;
  status: "queued" | "running" | "done" | "failed";
  /** False when a pass was already waiting: that one is returned instead of a second. */
  queued: boolean;
}

/**
 * Records a pass and enqueues its job in one transaction. The pass queue is `stately` without a
 * key: while one pass waits, another is not queued; the waiting one is returned instead, and it
 * will see everything the new request would have.
 */
export async function queueHarvestRun(
  deps: { db: Db; jobs: JobQueue },
  request: { scope: "full" | "incremental"; trigger: "admin" | "cli" | "schedule"; requestedBy: number | null },
  attempt = 1,
): Promise<QueuedRun> {
  const created = await deps.db
    .transaction()
    .execute(async (tx) => {
      const run = await tx
        .insertInto("harvest_runs")
        .values({ scope: request.scope, trigger: request.trigger, requested_by: request.requestedBy })
        .returning(["id", "status"])
        .executeTakeFirstOrThrow();
      const jobId = await deps.jobs.send("harvest-pass", { runId: run.id }, { tx });
      // Rolls the run back: it would never run.
      if (jobId === null) throw new AlreadyQueued();
      return run;
    })
    .catch((error: unknown) => {
      if (error instanceof AlreadyQueued) return null;
      throw error;
    });
  if (created) return { ...created, queued: true };
  const waiting = await deps.db
    .selectFrom("harvest_runs")
    .select(["id", "status"])
    .where("status", "=", "queued")
    .orderBy("id", "desc")
    .executeTakeFirst();
  if (waiting) return { ...waiting, queued: false };
  // The waiting job started in between: ask again, it will be taken this time.
  if (attempt >= 3) throw new Error("could not queue a harvest pass: the pass queue holds a job without a waiting run");
  return queueHarvestRun(deps, request, attempt + 1);
}

class AlreadyQueued extends Error {}

/** A run of the command line: recorded like the others, run in-process rather than by the queue. */
export async function recordCliRun(db: Db, scope: "full" | "incremental"): Promise<number> {
  const run = await db.insertInto("harvest_runs").values({ scope, trigger: "cli", requested_by: null }).returning("id").executeTakeFirstOrThrow();
  return run.id;
}
