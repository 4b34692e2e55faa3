import type { Db } from "../../../db/index";
import type { WebhookEvent } from "../../../db/schema";
import type { JobQueue } from "../../jobs/job-queue.server";

/**
 * Records a delivery for every active webhook that wants `event`, and enqueues each, inside the
 * transaction of the change it reports: a lead that was not created is never announced, and one
 * that was is never missed. Sending (with its retries) happens in the webhook-delivery job.
 */
export async function queueWebhooks(
  deps: { db: Db; jobs: JobQueue },
  event: WebhookEvent,
  data: Record<string, unknown>,
  /** The subscribers, when the caller already read them (a batch announcing many leads). */
  subscribers?: { id: number }[],
): Promise<number> {
  const hooks = subscribers ?? (await webhooksFor(deps.db, event));
  if (hooks.length === 0) return 0;
  const payload = JSON.stringify({ event, occurredAt: new Date().toISOString(), data });
  const deliveries = await deps.db
    .insertInto("webhook_deliveries")
    .values(hooks.map((h) => ({ webhook_id: h.id, event, payload })))
    .returning("id")
    .execute();
  for (const d of deliveries) await deps.jobs.send("webhook-delivery", { deliveryId: d.id }, { tx: deps.db });
  return deliveries.length;
}

/** The active webhooks that want `event`. */
export function webhooksFor(db: Db, event: WebhookEvent): Promise<{ id: number }[]> {
  return db.selectFrom("webhooks").select("id").where("active", "=", true).where((eb) => eb(eb.val(event), "=", eb.fn.any("events"))).execute();
}
