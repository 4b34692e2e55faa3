/**
 * Every background queue, in one place: created (and their settings updated) at start-up by
 * job-queue.server.ts before anything is sent, because pg-boss silently drops a job sent to a
 * queue that does not exist.
 *
 * Policies (pg-boss 10):
 * - `stately`: at most one job waiting and one running per singleton key (or per queue without
 *   one). Used where running the same work twice at once would be wrong or wasteful: a harvest
 *   pass (one in the whole cluster), the harvest of one thread (events about one thread collapse
 *   into one waiting job, and two nodes never work on the same thread at once).
 * - `standard`: every job runs.
 *
 * `expireInSeconds` bounds how long a job may run; a job whose worker died stays "active" until
 * then and is retried after, so it is set to fit the work, not left at pg-boss's 15 minutes.
 */
export const QUEUES = {
  /** A harvest pass over the whole community, or over what changed since the watermark. */
  "harvest-pass": { policy: "stately", expireInSeconds: 15 * 60, retryLimit: 2, retryDelay: 30, retryBackoff: true },
  /** One thread, after an event that may change its article (an answer accepted, an edit, a hide…). */
  "harvest-thread": { policy: "stately", expireInSeconds: 120, retryLimit: 5, retryDelay: 5, retryBackoff: true },
  /** The scheduled sweep: starts an incremental pass, once across all nodes. */
  "harvest-sweep": { policy: "stately", expireInSeconds: 5 * 60, retryLimit: 0, retryDelay: 0, retryBackoff: false },
  /** One outgoing webhook delivery; retried with backoff when the receiver fails or is away. */
  "webhook-delivery": { policy: "standard", expireInSeconds: 60, retryLimit: 5, retryDelay: 10, retryBackoff: true },
  /** Housekeeping: expired idempotency keys, deflections to settle. */
  maintenance: { policy: "stately", expireInSeconds: 10 * 60, retryLimit: 1, retryDelay: 60, retryBackoff: false },
} as const satisfies Record<string, { policy: "stately" | "standard" | "short" | "singleton"; expireInSeconds: number; retryLimit: number; retryDelay: number; retryBackoff: boolean }>;

export type QueueName = keyof typeof QUEUES;

/** What each queue's jobs carry. */
export interface JobData {
  "harvest-pass": { runId: number };
  "harvest-thread": { threadId: number; reason: string };
  "harvest-sweep": Record<string, never>;
  "webhook-delivery": { deliveryId: number };
  maintenance: Record<string, never>;
}

/** Cron schedules (UTC), fired once across the cluster by pg-boss. */
export const SCHEDULES: { queue: QueueName; cron: string }[] = [
  { queue: "harvest-sweep", cron: "*/10 * * * *" },
  { queue: "maintenance", cron: "17 * * * *" },
];
