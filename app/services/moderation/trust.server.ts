import { sql } from "kysely";
import type { Db } from "../../../db/index";
import type { Actor } from "../guardian";

/**
 * Automatic trust: members earn level 1 and 2 by taking part. The thresholds follow the usual
 * forum practice: enough reading and days visited to know the place, and for level 2 a reply
 * the community accepted. A level a moderator set by hand is never changed here.
 */
export const TRUST_RULES = [
  { level: 1, daysVisited: 2, postsRead: 20, acceptedAnswers: 0 },
  { level: 2, daysVisited: 10, postsRead: 100, acceptedAnswers: 1 },
] as const;

/** Records that the user read `postsRead` posts today, then re-evaluates their level. */
export async function recordReading(db: Db, actor: Actor, postsRead: number): Promise<void> {
  if (actor.via !== "session") return;
  const today = new Date().toISOString().slice(0, 10);
  await sql`
    insert into user_activity (user_id, days_visited, last_visited_on, posts_read)
    values (${actor.id}, 1, ${today}::date, ${postsRead})
    on conflict (user_id) do update set
      days_visited = user_activity.days_visited + (case when user_activity.last_visited_on = ${today}::date then 0 else 1 end),
      last_visited_on = ${today}::date,
      posts_read = user_activity.posts_read + ${postsRead}`.execute(db);
  if (actor.trustLevel < 2) await promoteIfEarned(db, actor.id);
}

/** Raises (never lowers) the trust level the user's activity has earned. Returns the new level. */
export async function promoteIfEarned(db: Db, userId: number): Promise<number> {
  const row = await db
    .selectFrom("users")
    .leftJoin("user_activity", "user_activity.user_id", "users.id")
    .select([
      "users.trust_level",
      "users.trust_level_locked",
      "user_activity.days_visited",
      "user_activity.posts_read",
      (eb) =>
        eb
          .selectFrom("threads")
          .innerJoin("posts", "posts.id", "threads.accepted_post_id")
          .whereRef("posts.author_id", "=", "users.id")
          .select(eb.fn.countAll<number>().as("n"))
          .as("accepted"),
    ])
    .where("users.id", "=", userId)
    .executeTakeFirst();
  if (!row || row.trust_level_locked) return row?.trust_level ?? 0;
  let earned = row.trust_level;
  for (const rule of TRUST_RULES) {
    const meets =
      (row.days_visited ?? 0) >= rule.daysVisited && (row.posts_read ?? 0) >= rule.postsRead && Number(row.accepted ?? 0) >= rule.acceptedAnswers;
    // An accepted answer alone proves a member is genuine: it lifts them past level 0.
    const acceptedShortcut = rule.level === 1 && Number(row.accepted ?? 0) > 0;
    if ((meets || acceptedShortcut) && rule.level > earned) earned = rule.level;
  }
  if (earned > row.trust_level) {
    await db.updateTable("users").set({ trust_level: earned, updated_at: sql`now()` }).where("id", "=", userId).where("trust_level_locked", "=", false).execute();
  }
  return earned;
}
