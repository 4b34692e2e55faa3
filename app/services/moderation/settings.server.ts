import { z } from "zod";
import type { Db } from "../../../db/index";
import { parseInput } from "../../lib/validation";
import { ensure, type Actor } from "../guardian";
import { readSetting, saveSetting } from "../settings-store.server";

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
  return readSetting(db, KEY, moderationSettingsSchema, () => moderationSettingsSchema.parse({}));
}

export async function updateModerationSettings(db: Db, actor: Actor | null, input: unknown): Promise<ModerationSettings> {
  ensure(actor, "settings.manage");
  const raw = input as Record<string, unknown>;
  const normalized = typeof raw?.watchedWords === "string" ? { ...raw, watchedWords: raw.watchedWords.split(/[\n,]/).map((w) => w.trim()).filter(Boolean) } : raw;
  const settings = parseInput(moderationSettingsSchema, normalized);
  await saveSetting(db, actor!, KEY, settings, { action: "settings.update", details: settings });
  return settings;
}
