import { sql } from "kysely";
import type { Db } from "../../../db/index";
import { AppError, validationFailed, msg, fieldError } from "../../lib/errors";
import { isStaff } from "../guardian/community-policy";
import type { Actor } from "../guardian";
import type { PreparedBody } from "../community/content.server";
import { getModerationSettings, type ModerationSettings } from "./settings.server";

export interface Screening {
  status: "visible" | "pending";
  /** Why the post is held, for the review queue: new_user, category_requires_approval, watched_word:…, many_links, link_only, repeated_text. */
  reasons: string[];
}

const DAY_MS = 86_400_000;
/** The trust level from which spam heuristics no longer apply. */
const ESTABLISHED = 2;

/** Links a reader could follow: mentions are our own profile links and do not count. */
export function countLinks(html: string): number {
  return [...html.matchAll(/<a\s[^>]*>/g)].filter((m) => !m[0].includes('class="mention"')).length;
}

function watchedWordsIn(text: string, words: string[]): string[] {
  const lower = text.toLowerCase();
  return words.filter((word) => {
    const w = word.toLowerCase();
    // Chinese has no word boundaries: a substring is a match. Elsewhere whole words only,
    // so "ass" does not catch "class".
    if (/[\u3400-\u9fff]/.test(w)) return lower.includes(w);
    const escaped = w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}($|[^\\p{L}\\p{N}])`, "u").test(lower);
  });
}

function isLinkOnly(body: PreparedBody, links: number): boolean {
  if (links === 0) return false;
  const withoutUrls = body.plainText.replace(/\b(?:https?:\/\/|www\.)\S+/gi, "");
  return (withoutUrls.match(/\p{L}/gu)?.length ?? 0) < 15;
}

function hasRepeatedLines(markdown: string): boolean {
  const counts = new Map<string, number>();
  for (const line of markdown.split("\n").map((l) => l.trim()).filter((l) => l.length > 3)) {
    const n = (counts.get(line) ?? 0) + 1;
    if (n >= 5) return true;
    counts.set(line, n);
  }
  return false;
}

/** New members' daily caps: over the limit is a 429 that says when they may post again. */
async function enforceNewUserLimits(db: Db, actor: Actor, kind: "thread" | "reply", settings: ModerationSettings) {
  const since = new Date(Date.now() - DAY_MS);
  const limit = kind === "thread" ? settings.newUserThreadsPerDay : settings.newUserRepliesPerDay;
  const recent = await db
    .selectFrom("posts")
    .select("created_at")
    .where("author_id", "=", actor.id)
    .where("created_at", ">", since)
    .where("number", kind === "thread" ? "=" : ">", 1)
    .orderBy("created_at", "desc")
    .limit(limit)
    .execute();
  if (recent.length < limit) return;
  const oldest = recent[recent.length - 1]!.created_at.getTime();
  const retryAfter = Math.max(1, Math.ceil((oldest + DAY_MS - Date.now()) / 1000));
  const again = msg("screening.hours", { count: Math.ceil(retryAfter / 3600) });
  const message = msg(kind === "thread" ? "screening.threadsPerDay" : "screening.repliesPerDay", { count: limit, again });
  throw new AppError(429, "rate_limited", message, { retryAfter }, { "Retry-After": String(retryAfter) });
}

/**
 * Decides whether a new post goes live or waits for a moderator, and refuses what a new member
 * may not post at all. Staff are never held.
 */
export async function screenPost(
  db: Db,
  actor: Actor,
  post: { categoryId: number; body: PreparedBody; title?: string; kind: "thread" | "reply" },
): Promise<Screening> {
  if (isStaff(actor)) return { status: "visible", reasons: [] };
  const settings = await getModerationSettings(db);
  const links = countLinks(post.body.html);

  if (actor.trustLevel === 0) {
    if (links > settings.newUserLinksPerPost) {
      throw validationFailed([fieldError("body", msg("screening.links", { count: settings.newUserLinksPerPost }))]);
    }
    await enforceNewUserLimits(db, actor, post.kind, settings);
  }

  const reasons: string[] = [];
  if (actor.trustLevel < settings.minTrustToPostFreely) reasons.push("new_user");
  const category = await db.selectFrom("categories").select("approval_roles").where("id", "=", post.categoryId).executeTakeFirst();
  if (category?.approval_roles.includes(actor.role)) reasons.push("category_requires_approval");
  for (const word of watchedWordsIn(`${post.title ?? ""}\n${post.body.plainText}`, settings.watchedWords)) reasons.push(`watched_word:${word}`);
  if (links > settings.linksToHold) reasons.push("many_links");
  // Spam patterns matter for accounts the community does not know yet; an established member
  // (trust level 2+) pasting the same FAQ answer twice is helping, not spamming.
  if (actor.trustLevel < ESTABLISHED) {
    if (isLinkOnly(post.body, links)) reasons.push("link_only");
    if (hasRepeatedLines(post.body.md) || (await repeatsRecentPost(db, actor, post.body.md))) reasons.push("repeated_text");
  }
  return { status: reasons.length > 0 ? "pending" : "visible", reasons };
}

/** The same body posted again within a day is the classic spam pattern. */
async function repeatsRecentPost(db: Db, actor: Actor, markdown: string): Promise<boolean> {
  if (markdown.trim().length < 20) return false;
  const row = await db
    .selectFrom("posts")
    .select("id")
    .where("author_id", "=", actor.id)
    .where("created_at", ">", sql<Date>`now() - interval '1 day'`)
    .where("body_md", "=", markdown)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * An edit can turn an approved post into spam, so edits are screened for what the content says
 * (watched words, a pile of links); who wrote it was judged when it was first posted.
 */
export async function screenEdit(db: Db, actor: Actor, edit: { body: PreparedBody; title?: string }): Promise<string[]> {
  if (isStaff(actor)) return [];
  const settings = await getModerationSettings(db);
  const reasons = watchedWordsIn(`${edit.title ?? ""}\n${edit.body.plainText}`, settings.watchedWords).map((w) => `watched_word:${w}`);
  if (countLinks(edit.body.html) > settings.linksToHold) reasons.push("many_links");
  return reasons;
}
