import { sql } from "kysely";
import type { Db } from "../../db/index";
import type { User } from "../../db/schema";
import { SESSION_TTL_DAYS } from "../lib/session-cookie.server";
import { hashToken, newToken } from "../lib/tokens.server";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Writing last_seen_at on every request would turn each page view into a write. */
const TOUCH_INTERVAL_MS = 10 * 60 * 1000;

/** Starts a session and returns the raw token for the cookie (only its hash is stored). */
export async function startSession(db: Db, userId: number, userAgent: string | null): Promise<string> {
  const token = newToken();
  await db
    .insertInto("sessions")
    .values({
      id: hashToken(token),
      user_id: userId,
      expires_at: new Date(Date.now() + SESSION_TTL_DAYS * DAY_MS),
      user_agent: userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return token;
}

/**
 * The user behind a live session token, or null when it is unknown, revoked or expired. A
 * revoked session is gone whatever ended it: a suspended user is logged out everywhere, and is
 * told why when they try to log in again.
 */
export async function userForSession(db: Db, token: string): Promise<User | null> {
  const id = hashToken(token);
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .selectAll("users")
    .select(["sessions.last_seen_at as session_last_seen_at"])
    .where("sessions.id", "=", id)
    .where("sessions.revoked_at", "is", null)
    .where("sessions.expires_at", ">", sql<Date>`now()`)
    .executeTakeFirst();
  if (!row) return null;
  const { session_last_seen_at, ...user } = row;
  if (Date.now() - session_last_seen_at.getTime() > TOUCH_INTERVAL_MS) {
    // Sliding expiry: an active session stays alive, an abandoned one runs out.
    await db
      .updateTable("sessions")
      .set({ last_seen_at: sql`now()`, expires_at: new Date(Date.now() + SESSION_TTL_DAYS * DAY_MS) })
      .where("id", "=", id)
      .execute();
  }
  return user;
}

export async function endSession(db: Db, token: string): Promise<void> {
  await db
    .updateTable("sessions")
    .set({ revoked_at: sql`now()`, revoked_reason: "logout" })
    .where("id", "=", hashToken(token))
    .where("revoked_at", "is", null)
    .execute();
}

/** Ends every session of a user (suspension, password change), optionally sparing one. */
export async function endAllSessions(db: Db, userId: number, reason: "password" | "suspended", exceptToken?: string): Promise<number> {
  let query = db
    .updateTable("sessions")
    .set({ revoked_at: sql`now()`, revoked_reason: reason })
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null);
  if (exceptToken) query = query.where("id", "!=", hashToken(exceptToken));
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
