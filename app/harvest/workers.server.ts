/**
 * This node's share of the background work: the harvest queues and housekeeping. Every node
 * registers the same workers; pg-boss gives each job to one of them.
 */
import type { JobQueue } from "../jobs/job-queue.server";
import type { Logger } from "../lib/logger.server";
import type { EventBus } from "../services/events";
import { purgeExpiredIdempotencyKeys } from "../services/idempotency.server";
import { settleDeflections } from "../services/knowledge/deflection.server";
import { deliverWebhook } from "../services/webhooks/deliver-webhook.server";
import type { Db } from "../../db/index";
import { harvestThreads } from "./harvest-threads.server";
import { queueHarvestRun } from "./runs.server";

export interface WorkerDeps {
  db: Db;
  events: EventBus;
  logger: Logger;
  jobs: JobQueue;
}

export async function registerWorkers(deps: WorkerDeps): Promise<void> {
  const logger = deps.logger.child("harvest");
  await deps.jobs.work("harvest-pass", async ({ runId }) => {
    // Loaded on the first pass, not at start: the pass's detectors and pools are megabytes a
    // node that never runs a full pass need not hold.
    const { runHarvestPass } = await import("./pass.server");
    const stats = await runHarvestPass(deps, runId);
    logger.info("harvest pass done", { runId, ...stats });
  });
  // Event-triggered: one thread at a time per job, two at once on this node.
  await deps.jobs.work(
    "harvest-thread",
    async ({ threadId }) => {
      await harvestThreads(deps.db, [threadId]);
    },
    { concurrency: 2 },
  );
  // The schedule fires once across the cluster; an incremental pass catches whatever an event missed.
  await deps.jobs.work("harvest-sweep", async () => {
    const run = await queueHarvestRun(deps, { scope: "incremental", trigger: "schedule", requestedBy: null });
    if (run.queued) deps.jobs.wake("harvest-pass");
  });
  await deps.jobs.work("webhook-delivery", async ({ deliveryId }, job) => deliverWebhook(deps.db, deliveryId, job), { concurrency: 2 });
  await deps.jobs.work("maintenance", async () => {
    const purged = await purgeExpiredIdempotencyKeys(deps.db);
    const deflected = await settleDeflections(deps.db);
    if (purged > 0 || deflected > 0) logger.info("housekeeping", { expiredIdempotencyKeys: purged, deflectionsSettled: deflected });
  });
}
