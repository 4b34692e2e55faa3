/**
 * The interface languages. Tags are BCP 47 as `<html lang>` and Intl expect them: Norwegian is
 * Bokmål (`nb`), Chinese is Simplified (`zh-Hans`).
 */
export const LOCALES = ["en", "sv", "nb", "zh-Hans"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** Each language named in itself, as a switcher must show it to someone who cannot read the current one. */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: "English",
  sv: "Svenska",
  nb: "Norsk bokmål",
  "zh-Hans": "中文（简体）",
};

/**
 * A pseudo-locale for tests only (GLEANER_PSEUDO_LOCALE=1): every catalog string comes out
 * bracketed and accented, so a page test can tell a string that skipped the catalogs at a glance.
 */
export const PSEUDO_LOCALE = "en-XA";

/** What a page can be rendered in: one of ours, or the test pseudo-locale. */
export type RenderLocale = Locale | typeof PSEUDO_LOCALE;

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** The content language a post by someone using this interface most likely is in (a tie-breaker for language identification). */
export function contentLanguageOf(locale: string | null | undefined): "en" | "sv" | "no" | "zh" | undefined {
  switch (locale) {
    case "en":
      return "en";
    case "sv":
      return "sv";
    case "nb":
      return "no";
    case "zh-Hans":
      return "zh";
    default:
      return undefined;
  }
}
