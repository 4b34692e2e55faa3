import { zmsg } from "../../lib/validation";
import { z } from "zod";
import type { Db } from "../../../db/index";
import type { TagMode } from "../../../db/schema";
import { validationFailed, msg, fieldError } from "../../lib/errors";

export const MAX_TAGS = 5;

/** "Single Sign-On " → "single-sign-on"; letters of any of our languages survive. */
export function normalizeTag(raw: string): string {
  return raw
    .trim()
    .toLowerCase()
    .normalize("NFC")
    .replace(/[\s_]+/g, "-")
    .replace(/[^a-z0-9\u00c0-\u024f\u4e00-\u9fff-]/g, "")
    .replace(/-{2,}/g, "-")
    .slice(0, 40)
    // Trimmed after the cut too: slicing can leave a trailing "-" the tags table refuses.
    .replace(/^-+|-+$/g, "");
}

export const tagsSchema = z
  .union([z.array(z.string().max(60, zmsg("validation.tagBeforeShortening"))), z.string().max(400)])
  .optional()
  .transform((value) => {
    const list = typeof value === "string" ? value.split(",") : (value ?? []);
    return [...new Set(list.map(normalizeTag).filter(Boolean))];
  })
  .refine((tags) => tags.length <= MAX_TAGS, zmsg("validation.threadTags", { count: MAX_TAGS }));

/**
 * Tag ids for a new thread. Free categories create unknown tags; restricted ones accept only
 * their curated list and name the tags they refuse.
 */
export async function resolveTags(db: Db, category: { id: number; tag_mode: TagMode }, slugs: string[]): Promise<number[]> {
  if (slugs.length === 0) return [];
  if (category.tag_mode === "restricted") {
    const allowed = await db
      .selectFrom("category_tags")
      .innerJoin("tags", "tags.id", "category_tags.tag_id")
      .select(["tags.id", "tags.slug"])
      .where("category_tags.category_id", "=", category.id)
      .where("tags.slug", "in", slugs)
      .execute();
    const refused = slugs.filter((s) => !allowed.some((a) => a.slug === s));
    if (refused.length > 0) {
      throw validationFailed([fieldError("tags", msg("validation.tagsNotAllowed", { tags: refused.join(", ") }))]);
    }
    return allowed.map((a) => a.id);
  }
  await db
    .insertInto("tags")
    .values(slugs.map((slug) => ({ slug })))
    .onConflict((oc) => oc.column("slug").doNothing())
    .execute();
  const rows = await db.selectFrom("tags").select("id").where("slug", "in", slugs).execute();
  return rows.map((r) => r.id);
}

/** Tags in use, most used first, optionally within one category (for filters and the composer). */
export async function popularTags(db: Db, categoryId?: number, limit = 30): Promise<{ slug: string; count: number }[]> {
  let query = db
    .selectFrom("thread_tags")
    .innerJoin("tags", "tags.id", "thread_tags.tag_id")
    .innerJoin("threads", "threads.id", "thread_tags.thread_id")
    .select(["tags.slug", (eb) => eb.fn.countAll<number>().as("count")])
    // Only what anyone may read: a thread held for review (or merged away) is not public yet.
    .where("threads.hidden", "=", false)
    .where("threads.awaiting_approval", "=", false)
    .where("threads.merged_into_id", "is", null)
    .groupBy("tags.slug")
    .orderBy("count", "desc")
    .orderBy("tags.slug")
    .limit(limit);
  if (categoryId) query = query.where("threads.category_id", "=", categoryId);
  return query.execute();
}
