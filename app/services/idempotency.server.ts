import { createHash } from "node:crypto";
import { sql } from "kysely";
import type { Db } from "../../db/index";
import { AppError, badRequest, conflict, msg } from "../lib/errors";

/**
 * Safe retries: a write sent with an Idempotency-Key runs once per user and key; sending it
 * again within a day returns the first answer and writes nothing.
 *
 * The key is reserved (a row in `running` state) before the write and completed with its answer
 * after. Outcomes of a retry:
 * - first write finished: its stored answer, replayed;
 * - first write still running: 409 with Retry-After, so two copies of one request sent at once
 *   never both write;
 * - first write refused or failed (any answer but a 2xx: invalid input, a rate limit, the
 *   database away): the reservation is released and the retry runs, since nothing was written;
 * - the process died mid-write: after a lease the key answers 409 saying the outcome is unknown.
 *   It cannot say whether the write committed, and guessing either way could double it.
 */

const MAX_KEY_LENGTH = 200;
/** Printable ASCII: what clients generate (UUIDs, ULIDs) and what is safe to echo in a message. */
const KEY_PATTERN = /^[\x21-\x7e]+$/;
/** How long a key is remembered. */
const RETENTION = "24 hours";
/** A request that has been "running" this long did not finish (it died with its process). */
const LEASE_SECONDS = 120;

export interface IdempotentAnswer {
  status: number;
  body: string;
  headers: Record<string, string>;
}

export interface IdempotencyScope {
  userId: number;
  key: string;
  /** What was asked: a retry with the same key must ask for the same thing. */
  fingerprint: string;
}

/** The key as sent, checked; null when there is none. */
export function parseIdempotencyKey(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined || raw === "") return null;
  if (raw.length > MAX_KEY_LENGTH || !KEY_PATTERN.test(raw)) {
    throw badRequest(msg("idempotency.badKey", { max: MAX_KEY_LENGTH }));
  }
  return raw;
}

export function fingerprintOf(method: string, path: string, body: string | Uint8Array): string {
  return createHash("sha256").update(`${method.toUpperCase()} ${path}\n`).update(body).digest("base64url");
}

/** Runs `write` once for this scope, or replays the answer of the run that already happened. */
export async function runIdempotently(
  db: Db,
  scope: IdempotencyScope,
  write: () => Promise<IdempotentAnswer>,
): Promise<IdempotentAnswer & { replayed: boolean }> {
  const reserved = await reserve(db, scope);
  if (!reserved) return { ...(await replay(db, scope)), replayed: true };
  let answer: IdempotentAnswer;
  try {
    answer = await write();
  } catch (error) {
    await release(db, scope);
    throw error;
  }
  if (answer.status < 200 || answer.status >= 300) {
    await release(db, scope);
    return { ...answer, replayed: false };
  }
  await db
    .updateTable("idempotency_keys")
    .set({ state: "done", answer: JSON.stringify(answer), completed_at: sql`now()` })
    .where("user_id", "=", scope.userId)
    .where("key", "=", scope.key)
    .execute();
  return { ...answer, replayed: false };
}

/** True when this request holds the key now; false when an earlier one does (or did). */
async function reserve(db: Db, scope: IdempotencyScope): Promise<boolean> {
  // A key older than the retention period is free again.
  await db
    .deleteFrom("idempotency_keys")
    .where("user_id", "=", scope.userId)
    .where("key", "=", scope.key)
    .where("created_at", "<", sql<Date>`now() - ${RETENTION}::interval`)
    .execute();
  const inserted = await db
    .insertInto("idempotency_keys")
    .values({ user_id: scope.userId, key: scope.key, fingerprint: scope.fingerprint })
    .onConflict((oc) => oc.columns(["user_id", "key"]).doNothing())
    .returning("key")
    .executeTakeFirst();
  return inserted !== undefined;
}

async function replay(db: Db, scope: IdempotencyScope): Promise<IdempotentAnswer> {
  const row = await db
    .selectFrom("idempotency_keys")
    .select(["fingerprint", "state", "answer", sql<number>`extract(epoch from now() - created_at)`.as("age")])
    .where("user_id", "=", scope.userId)
    .where("key", "=", scope.key)
    .executeTakeFirst();
  // Released between our insert and this read: the first attempt failed, so this one may run.
  if (!row) throw conflict(msg("idempotency.failed"));
  if (row.fingerprint !== scope.fingerprint) {
    throw new AppError(422, "validation_failed", msg("idempotency.reused"));
  }
  if (row.state === "done") return row.answer as IdempotentAnswer;
  if (row.age < LEASE_SECONDS) {
    throw new AppError(409, "conflict", msg("idempotency.inProgress"), undefined, { "Retry-After": "1" });
  }
  throw conflict(msg("idempotency.unknown"));
}

async function release(db: Db, scope: IdempotencyScope): Promise<void> {
  await db
    .deleteFrom("idempotency_keys")
    .where("user_id", "=", scope.userId)
    .where("key", "=", scope.key)
    .where("state", "=", "running")
    .execute()
    .catch(() => undefined); // the database may be the reason the write failed
}

/** Forgets keys past the retention period (run by the maintenance job). */
export async function purgeExpiredIdempotencyKeys(db: Db): Promise<number> {
  const result = await db.deleteFrom("idempotency_keys").where("created_at", "<", sql<Date>`now() - ${RETENTION}::interval`).executeTakeFirst();
  return Number(result.numDeletedRows);
}
