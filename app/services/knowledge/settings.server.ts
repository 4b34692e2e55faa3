import { z } from "zod";
import type { Db } from "../../../db/index";
import { parseInput, says, zmsg } from "../../lib/validation";
import { ensure, type Actor } from "../guardian";
import { readSetting, saveSetting } from "../settings-store.server";

/** Tunable knowledge-base rules, stored in the settings table next to moderation's, editable by admins. */
export const knowledgeSettingsSchema = z.object({
  /**
   * A published article not reviewed for this many days is listed as stale for curators: products
   * change, and an answer that was right two releases ago may not be now.
   */
  staleAfterDays: z.coerce
    .number({ invalid_type_error: says.number("staleAfterDays") })
    .int(zmsg("validation.staleWhole"))
    .min(1, zmsg("validation.staleRange"))
    .max(3650, zmsg("validation.staleRange"))
    .default(180),
});

export type KnowledgeSettings = z.output<typeof knowledgeSettingsSchema>;

const KEY = "knowledge";

export async function getKnowledgeSettings(db: Db): Promise<KnowledgeSettings> {
  return readSetting(db, KEY, knowledgeSettingsSchema, () => knowledgeSettingsSchema.parse({}));
}

export async function updateKnowledgeSettings(db: Db, actor: Actor | null, input: unknown): Promise<KnowledgeSettings> {
  ensure(actor, "settings.manage");
  const settings = parseInput(knowledgeSettingsSchema, input);
  await saveSetting(db, actor!, KEY, settings, { action: "settings.update", details: { knowledge: settings } });
  return settings;
}
