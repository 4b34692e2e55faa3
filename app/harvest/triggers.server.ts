import type { Db } from "../../db/index";
import type { ServiceContext } from "../services/context";

/**
 * Asks for these threads' articles to be brought up to date, in the transaction of the change
 * that may have made them stale (an answer accepted or removed, an edit, a hide, a merge, a
 * move): the job exists exactly when the change does. One waiting job per thread (a `stately`
 * queue keyed by thread), so a burst of edits is harvested once. If a job is ever lost the
 * scheduled sweep finds the thread by its changed_at.
 */
export async function harvestLater(ctx: Pick<ServiceContext, "jobs">, tx: Db, threadIds: number[], reason: string): Promise<void> {
  for (const threadId of new Set(threadIds)) {
    await ctx.jobs.send("harvest-thread", { threadId, reason }, { tx, singletonKey: String(threadId) });
  }
}

/** After the commit: this node's harvest workers look now rather than at their next poll. */
export function harvestSoon(ctx: Pick<ServiceContext, "jobs">): void {
  ctx.jobs.wake("harvest-thread");
}
