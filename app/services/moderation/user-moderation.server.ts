import { sql } from "kysely";
import { z } from "zod";
import type { Db } from "../../../db/index";
import type { User, UserUpdate } from "../../../db/schema";
import { conflict, msg } from "../../lib/errors";
import { parseInput, text, says, zmsg } from "../../lib/validation";
import { findUser } from "../accounts.server";
import type { ServiceContext } from "../context";
import { ensure, type Actor } from "../guardian";
import { createNotifications, publishNotifications } from "../notifications.server";
import { endAllSessions } from "../sessions.server";
import { recordModAction } from "./audit.server";

const untilSchema = z.coerce
  .date({ invalid_type_error: says.date("until"), required_error: says.required("until") })
  .refine((d) => d.getTime() > Date.now(), zmsg("validation.future", { field: "until" }));

export const suspendSchema = z.object({ until: untilSchema, reason: text("reason", 1, 500) });
export const warnSchema = z.object({ message: text("message", 1, 2000) });
export const trustSchema = z.object({ level: z.coerce.number().int().min(0, zmsg("validation.trustLevel")).max(4, zmsg("validation.trustLevel")) });

/** Loads the target and asks the guardian: staff act on members, only admins on staff. */
async function target(db: Db, actor: Actor | null, handle: string): Promise<User> {
  const user = await findUser(db, handle);
  ensure(actor, "mod.users", { userId: user.id, role: user.role });
  return user;
}

async function update(tx: Db, id: number, changes: UserUpdate) {
  return tx.updateTable("users").set({ ...changes, updated_at: sql`now()` }).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
}

/** Suspends until a date: every session ends at once (logged out everywhere, live sockets too); logging in again says why. */
export async function suspendUser(db: Db, actor: Actor | null, handle: string, input: unknown): Promise<User> {
  const user = await target(db, actor, handle);
  const { until, reason } = parseInput(suspendSchema, input);
  return db.transaction().execute(async (tx) => {
    const updated = await update(tx, user.id, { suspended_until: until, suspension_reason: reason });
    const ended = await endAllSessions(tx, user.id, "suspended");
    await recordModAction(tx, actor!, "user.suspend", { type: "user", id: user.id }, reason, { until: until.toISOString(), sessionsEnded: ended });
    return updated;
  });
}

export async function reinstateUser(db: Db, actor: Actor | null, handle: string): Promise<User> {
  const user = await target(db, actor, handle);
  return db.transaction().execute(async (tx) => {
    const updated = await update(tx, user.id, { suspended_until: null, suspension_reason: null, silenced_until: null });
    await recordModAction(tx, actor!, "user.reinstate", { type: "user", id: user.id });
    return updated;
  });
}

/** Silenced: may read, vote and flag, but not post, until the date. */
export async function silenceUser(db: Db, actor: Actor | null, handle: string, input: unknown): Promise<User> {
  const user = await target(db, actor, handle);
  const { until, reason } = parseInput(suspendSchema, input);
  return db.transaction().execute(async (tx) => {
    const updated = await update(tx, user.id, { silenced_until: until });
    await recordModAction(tx, actor!, "user.silence", { type: "user", id: user.id }, reason, { until: until.toISOString() });
    return updated;
  });
}

/** A private warning: a notification only the user sees, on the record in the audit log. */
export async function warnUser(ctx: ServiceContext, actor: Actor | null, handle: string, input: unknown): Promise<User> {
  const user = await target(ctx.db, actor, handle);
  const { message } = parseInput(warnSchema, input);
  const notified = await ctx.db.transaction().execute(async (tx) => {
    await recordModAction(tx, actor!, "user.warn", { type: "user", id: user.id }, message);
    return createNotifications(tx, [{ userId: user.id, kind: "warning", threadId: null, postId: null, actorId: actor!.id, data: { message } }]);
  });
  await publishNotifications(ctx, notified);
  return user;
}

/** Sets the trust level by hand; automatic promotion then leaves this user alone. */
export async function setTrustLevel(db: Db, actor: Actor | null, handle: string, input: unknown): Promise<User> {
  const user = await target(db, actor, handle);
  const { level } = parseInput(trustSchema, input);
  return db.transaction().execute(async (tx) => {
    const updated = await update(tx, user.id, { trust_level: level, trust_level_locked: true });
    await recordModAction(tx, actor!, "user.trust", { type: "user", id: user.id }, "", { from: user.trust_level, to: level });
    return updated;
  });
}

/** Takes a new sign-up off the review queue. */
export async function reviewSignup(db: Db, actor: Actor | null, handle: string): Promise<User> {
  const user = await target(db, actor, handle);
  if (user.reviewed_at) throw conflict(msg("mod.signupReviewed"));
  return db.transaction().execute(async (tx) => {
    const updated = await update(tx, user.id, { reviewed_at: new Date() });
    await recordModAction(tx, actor!, "user.review", { type: "user", id: user.id });
    return updated;
  });
}
