/** Admins register outgoing webhooks and read their delivery log. */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Db } from "../../../db/index";
import { WEBHOOK_EVENTS } from "../../../db/schema";
import { notFound, msg } from "../../lib/errors";
import { idSchema, parseInput, zodEnum, says, zmsg } from "../../lib/validation";
import { ensure, type Actor } from "../guardian";
import { recordModAction } from "../moderation/audit.server";

export const webhookSchema = z.object({
  url: z
    .string({ required_error: says.required("url"), invalid_type_error: says.text("url") })
    .trim()
    .max(500, says.atMost("url", 500))
    .url(zmsg("validation.webhookUrl"))
    .refine((u) => /^https?:\/\//i.test(u), zmsg("validation.webhookScheme")),
  events: z.array(z.enum(WEBHOOK_EVENTS, zodEnum("validation.mustBeAmong", { field: "events", options: WEBHOOK_EVENTS.join(", ") }))).min(1, zmsg("validation.chooseEvent")).max(WEBHOOK_EVENTS.length),
});

/** Creates a webhook; its signing secret is returned this once (and shown to the admin to copy). */
export async function createWebhook(db: Db, actor: Actor | null, input: unknown) {
  ensure(actor, "webhooks.manage");
  const { url, events } = parseInput(webhookSchema, input);
  const secret = `whsec_${randomBytes(24).toString("base64url")}`;
  const row = await db.transaction().execute(async (tx) => {
    const created = await tx.insertInto("webhooks").values({ url, secret, events: [...new Set(events)], created_by: actor!.id }).returning(["id", "url", "events", "active", "created_at"]).executeTakeFirstOrThrow();
    await recordModAction(tx, actor!, "webhook.create", { type: "settings", id: created.id }, "", { url, events });
    return created;
  });
  return { webhook: { id: row.id, url: row.url, events: row.events, active: row.active, createdAt: row.created_at.toISOString() }, secret };
}

export async function listWebhooks(db: Db, actor: Actor | null) {
  ensure(actor, "webhooks.manage");
  const hooks = await db.selectFrom("webhooks").select(["id", "url", "events", "active", "created_at"]).orderBy("id").execute();
  const deliveries = await listDeliveries(db, actor, { limit: 50 });
  return { webhooks: hooks.map((h) => ({ id: h.id, url: h.url, events: h.events, active: h.active, createdAt: h.created_at.toISOString() })), deliveries: deliveries.deliveries };
}

export async function setWebhookActive(db: Db, actor: Actor | null, webhookId: unknown, input: unknown) {
  ensure(actor, "webhooks.manage");
  const id = parseInput(idSchema, webhookId);
  const { active } = parseInput(z.object({ active: z.boolean({ required_error: says.required("active"), invalid_type_error: says.trueOrFalse("active") }) }), input);
  // Audited like creating and deleting one: a paused webhook silently stops a CRM's feed.
  await db.transaction().execute(async (tx) => {
    const updated = await tx.updateTable("webhooks").set({ active }).where("id", "=", id).returning("url").executeTakeFirst();
    if (!updated) throw notFound(msg("webhook.notFound"));
    await recordModAction(tx, actor!, active ? "webhook.resume" : "webhook.pause", { type: "settings", id }, "", { url: updated.url });
  });
}

export async function deleteWebhook(db: Db, actor: Actor | null, webhookId: unknown) {
  ensure(actor, "webhooks.manage");
  const id = parseInput(idSchema, webhookId);
  await db.transaction().execute(async (tx) => {
    const deleted = await tx.deleteFrom("webhooks").where("id", "=", id).returning("url").executeTakeFirst();
    if (!deleted) throw notFound(msg("webhook.notFound"));
    await recordModAction(tx, actor!, "webhook.delete", { type: "settings", id }, "", { url: deleted.url });
  });
}

/** The delivery log, newest first: what was sent where, how often, and how it went. */
export async function listDeliveries(db: Db, actor: Actor | null, input: unknown) {
  ensure(actor, "webhooks.manage");
  const { webhookId, limit } = parseInput(
    z.object({ webhookId: idSchema.optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
    input,
  );
  const rows = await db
    .selectFrom("webhook_deliveries as d")
    .innerJoin("webhooks as w", "w.id", "d.webhook_id")
    .select(["d.id", "d.webhook_id", "w.url", "d.event", "d.status", "d.attempts", "d.last_status", "d.last_error", "d.created_at", "d.delivered_at"])
    .$if(webhookId !== undefined, (q) => q.where("d.webhook_id", "=", webhookId!))
    .orderBy("d.id", "desc")
    .limit(limit)
    .execute();
  return {
    deliveries: rows.map((r) => ({
      id: r.id,
      webhookId: r.webhook_id,
      url: r.url,
      event: r.event,
      status: r.status,
      attempts: r.attempts,
      lastStatus: r.last_status,
      lastError: r.last_error,
      createdAt: r.created_at.toISOString(),
      deliveredAt: r.delivered_at?.toISOString() ?? null,
    })),
  };
}
