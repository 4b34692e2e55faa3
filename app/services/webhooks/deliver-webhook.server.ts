/**
 * Sends one webhook delivery: a POST of the JSON payload, signed so the receiver can check it
 * came from us and is fresh.
 *
 * Signature: `X-Gleaner-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the
 * webhook's secret>`. The timestamp is inside what is signed, so a receiver that refuses old
 * timestamps (say, more than five minutes) refuses replays; the comparison should be
 * constant-time (verifyWebhookSignature shows how).
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { sql } from "kysely";
import type { Db } from "../../../db/index";
import type { JobContext } from "../../jobs/job-queue.server";
import { QUEUES } from "../../jobs/catalog";

const TIMEOUT_MS = 10_000;

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** What a receiver does: check the signature and that it is recent. */
export function verifyWebhookSignature(secret: string, header: string, body: string, nowSeconds = Math.floor(Date.now() / 1000), toleranceSeconds = 300): boolean {
  const parts = Object.fromEntries(header.split(",").map((p) => p.split("=", 2) as [string, string]));
  const timestamp = Number(parts.t);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > toleranceSeconds || !parts.v1) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body).split("v1=")[1]!, "hex");
  const given = Buffer.from(parts.v1, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The job's work: send, record the outcome; a failure throws so the queue retries it. */
export async function deliverWebhook(db: Db, deliveryId: number, job: JobContext): Promise<void> {
  const row = await db
    .selectFrom("webhook_deliveries as d")
    .innerJoin("webhooks as w", "w.id", "d.webhook_id")
    .select(["d.id", "d.event", "d.payload", "d.status", "w.url", "w.secret", "w.active"])
    .where("d.id", "=", deliveryId)
    .executeTakeFirst();
  if (!row || row.status === "delivered" || !row.active) return;
  const body = JSON.stringify(row.payload);
  const timestamp = Math.floor(Date.now() / 1000);
  let status: number | null = null;
  let error: string | null = null;
  try {
    const response = await fetch(row.url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "Gleaner-Webhooks/1",
        "X-Gleaner-Event": row.event,
        "X-Gleaner-Delivery": String(row.id),
        "X-Gleaner-Signature": signWebhook(row.secret, timestamp, body),
      },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    status = response.status;
    await response.arrayBuffer().catch(() => undefined);
    if (!response.ok) error = `the receiver answered ${response.status}`;
  } catch (caught) {
    error = (caught as Error).message;
  }
  const lastTry = job.retryCount >= QUEUES["webhook-delivery"].retryLimit;
  await db
    .updateTable("webhook_deliveries")
    .set({
      attempts: sql`attempts + 1`,
      last_status: status,
      last_error: error,
      ...(error === null ? { status: "delivered" as const, delivered_at: sql`now()` } : lastTry ? { status: "failed" as const } : {}),
    })
    .where("id", "=", deliveryId)
    .execute();
  if (error !== null) throw new Error(`webhook delivery ${deliveryId} failed: ${error}`);
}
