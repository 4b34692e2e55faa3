import { startJobQueue, type JobQueue } from "../../app/jobs/job-queue.server";
import { createLogger } from "../../app/lib/logger.server";

/**
 * A real pg-boss job queue on a test database (its schema and queues come with the template,
 * see global-setup), polling often so tests that run workers do not wait long.
 */
export function startTestJobs(databaseUrl: string, options: { schedules?: boolean } = {}): Promise<JobQueue> {
  return startJobQueue({ databaseUrl, logger: createLogger(process.env.LOG_LEVEL === "debug" ? "debug" : "error"), pollingIntervalSeconds: 0.5, schedules: options.schedules });
}
