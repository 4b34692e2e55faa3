import { sql } from "kysely";
import { z } from "zod";
import type { Db } from "../../../db/index";
import { parseInput } from "../../lib/validation";
import { ensure, type Actor } from "../guardian";
import { recordModAction } from "./audit.server";

/** Tunable moderation rules, stored in the settings table and editable by admins. */
export const moderationSettingsSchema = z.object({
  /** Posts by users below this trust level are held for review. */
  minTrustToPostFreely: z.coerce.number().int().min(0).max(4).default(1),
  /** Words or phrases that hold a post for review wherever they appear (case-insensitive). */
  watchedWords: z.array(z.string().trim().min(1).max(60)).max(500).default([]),
  /** Open flags from trusted users (trust level ≥ 1 or staff) that hide a post until reviewed. */
  flagsToHide: z.coerce.number().int().min(1).max(50).default(3),
  /** Limits for trust level 0. */
  newUserThreadsPerDay: z.coerce.number().int().min(1).max(1000).default(3),
  newUserRepliesPerDay: z.coerce.number().int().min(1).max(1000).default(10),
  newUserLinksPerPost: z.coerce.number().int().min(0).max(100).default(2),
  /** More links than this in one post holds it for review, whoever wrote it (staff excepted). */
  linksToHold: z.coerce.number().int().min(1).max(100).default(5),
});

export type ModerationSettings = z.output<typeof moderationSettingsSchema>;

const KEY = "moderation";

export async function getModerationSettings(db: Db): Promise<ModerationSettings> {
  const row = await db.selectFrom("settings").select("value").where("key", "=", KEY).executeTakeFirst();
  const parsed = moderationSettingsSchema.safeParse(row?.value ?? {});
  // A stored value written by an older version falls back to defaults field by field.
  return parsed.success ? parsed.data : moderationSettingsSchema.parse({});
}

export async function updateModerationSettings(db: Db, actor: Actor | null, input: unknown): Promise<ModerationSettings> {
  ensure(actor, "settings.manage");
  const raw = input as Record<string, unknown>;
  const normalized = typeof raw?.watchedWords === "string" ? { ...raw, watchedWords: raw.watchedWords.split(/[\n,]/).map((w) => w.trim()).filter(Boolean) } : raw;
  const settings = parseInput(moderationSettingsSchema, normalized);
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto("settings")
      .values({ key: KEY, value: JSON.stringify(settings) })
      .onConflict((oc) => oc.column("key").doUpdateSet({ value: JSON.stringify(settings), updated_at: sql`now()` }))
      .execute();
    await recordModAction(tx, actor!, "settings.update", { type: "settings", id: null }, "", settings);
  });
  return settings;
}
