/**
 * The job queue: pg-boss on the app's own PostgreSQL (schema `pgboss`), with a small pool of its
 * own so polling never waits behind requests. Every node runs it; pg-boss hands each job to one
 * worker in the cluster, fires each cron schedule once across nodes, and retries failed or
 * expired jobs as their queue says (catalog.ts).
 */
import PgBoss from "pg-boss";
import { CompiledQuery } from "kysely";
import type { Db } from "../../db/index";
import type { Logger } from "../lib/logger.server";
import { QUEUES, SCHEDULES, type JobData, type QueueName } from "./catalog";

export interface SendOptions {
  /** Enqueue inside this transaction: the job exists only if the transaction commits. */
  tx?: Db;
  /** With a `stately` queue: at most one waiting and one running job per key. */
  singletonKey?: string;
  startAfterSeconds?: number;
}

export interface JobContext {
  id: string;
  /** How many times this job failed (or expired) before. */
  retryCount: number;
}

export type JobHandler<Q extends QueueName> = (data: JobData[Q], job: JobContext) => Promise<void>;

export interface JobQueue {
  /**
   * Enqueues a job. Returns its id, or null when a `stately` queue already holds a waiting job
   * for the same key (the waiting one will see the latest state, so nothing is lost).
   */
  send<Q extends QueueName>(name: Q, data: JobData[Q], options?: SendOptions): Promise<string | null>;
  /** Runs `handler` for this queue's jobs on this node, `concurrency` at a time. */
  work<Q extends QueueName>(name: Q, handler: JobHandler<Q>, options?: { concurrency?: number }): Promise<void>;
  /** After a commit that enqueued work: this node's workers fetch now instead of at their next poll. */
  wake(name: QueueName): void;
  /** Stops fetching, lets running jobs finish (bounded), closes the pool. */
  stop(options?: { graceMs?: number }): Promise<void>;
}

export interface JobQueueOptions {
  databaseUrl: string;
  logger: Logger;
  /** Fire the cron schedules from this node too (pg-boss makes sure each fires once). */
  schedules?: boolean;
  /** How often idle workers look for jobs (pg-boss's minimum is 0.5 s). */
  pollingIntervalSeconds?: number;
}

/** pg-boss's way into a transaction of ours: its SQL runs on the transaction's connection. */
function inTransaction(tx: Db): PgBoss.Db {
  return {
    executeSql: async (text, values) => {
      const result = await tx.executeQuery(CompiledQuery.raw(text, values));
      return { rows: result.rows as unknown[] as never[] };
    },
  };
}

/** Creates every queue of the catalog (and brings their settings up to date), then the schedules. */
async function ensureQueues(boss: PgBoss, schedules: boolean): Promise<void> {
  for (const [name, settings] of Object.entries(QUEUES)) {
    await boss.createQueue(name, { name, ...settings });
    await boss.updateQueue(name, { name, ...settings });
  }
  if (schedules) {
    for (const { queue, cron } of SCHEDULES) await boss.schedule(queue, cron, {}, { tz: "UTC", singletonKey: queue });
  }
}

export async function startJobQueue(options: JobQueueOptions): Promise<JobQueue> {
  const logger = options.logger.child("jobs");
  const pollingIntervalSeconds = options.pollingIntervalSeconds ?? 2;
  const boss = new PgBoss({
    connectionString: options.databaseUrl,
    schema: "pgboss",
    max: 4,
    application_name: "gleaner-jobs",
    schedule: options.schedules ?? false,
    supervise: true,
  });
  // A database restart reaches pg-boss as errors on its pool and in its loops: reported, not fatal
  // (an 'error' event nobody listens to would end the process). It reconnects by itself.
  boss.on("error", (error) => logger.warn("job queue error", { error: error.message }));
  await boss.start();
  await ensureQueues(boss, options.schedules ?? false);

  const workerIds = new Map<QueueName, string[]>();
  let stopped = false;

  return {
    send: (name, data, sendOptions = {}) =>
      boss.send(name, data as object, {
        ...(sendOptions.tx && { db: inTransaction(sendOptions.tx) }),
        ...(sendOptions.singletonKey !== undefined && { singletonKey: sendOptions.singletonKey }),
        ...(sendOptions.startAfterSeconds !== undefined && { startAfter: sendOptions.startAfterSeconds }),
      }),
    work: async (name, handler, workOptions = {}) => {
      const ids: string[] = [];
      for (let i = 0; i < (workOptions.concurrency ?? 1); i++) {
        ids.push(
          await boss.work<JobData[typeof name]>(name, { batchSize: 1, pollingIntervalSeconds, includeMetadata: true }, async ([job]) => {
            if (!job) return;
            try {
              await handler(job.data, { id: job.id, retryCount: job.retryCount });
            } catch (error) {
              logger.warn(`job ${name} failed`, { id: job.id, retry: job.retryCount, error: (error as Error).message });
              throw error;
            }
          }),
        );
      }
      workerIds.set(name, [...(workerIds.get(name) ?? []), ...ids]);
    },
    wake: (name) => {
      for (const id of workerIds.get(name) ?? []) boss.notifyWorker(id);
    },
    stop: async ({ graceMs = 10_000 } = {}) => {
      if (stopped) return;
      stopped = true;
      await boss.stop({ graceful: true, wait: true, close: true, timeout: graceMs });
    },
  };
}
