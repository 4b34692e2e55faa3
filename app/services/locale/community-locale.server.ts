import { z } from "zod";
import type { Db } from "../../../db/index";
import { DEFAULT_LOCALE, LOCALES, type Locale } from "../../i18n/locales";
import { parseInput, oneOf } from "../../lib/validation";
import { ensure, type Actor } from "../guardian";
import { readSetting, saveSetting } from "../settings-store.server";

/** The community's own default language: what a visitor whose browser names none of ours sees. */
export const languageSettingsSchema = z.object({
  defaultLocale: z.enum(LOCALES, oneOf("defaultLocale", LOCALES)).default(DEFAULT_LOCALE),
});

export type LanguageSettings = z.output<typeof languageSettingsSchema>;

const KEY = "language";
/**
 * Read on requests that name no language of ours, so it is cached briefly per process; another
 * node's change shows here within this long.
 */
const CACHE_MS = 30_000;
let cached: { value: Locale; until: number } | null = null;

export async function getLanguageSettings(db: Db): Promise<LanguageSettings> {
  return readSetting(db, KEY, languageSettingsSchema, () => languageSettingsSchema.parse({}));
}

export async function communityLocale(db: Db): Promise<Locale> {
  if (cached && cached.until > Date.now()) return cached.value;
  const { defaultLocale } = await getLanguageSettings(db);
  cached = { value: defaultLocale, until: Date.now() + CACHE_MS };
  return defaultLocale;
}

export async function updateLanguageSettings(db: Db, actor: Actor | null, input: unknown): Promise<LanguageSettings> {
  ensure(actor, "settings.manage");
  const settings = parseInput(languageSettingsSchema, input);
  await saveSetting(db, actor!, KEY, settings, { action: "settings.update", details: { language: settings } });
  cached = null;
  return settings;
}
