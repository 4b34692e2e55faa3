import { useTranslation } from "react-i18next";
import { DEFAULT_LOCALE, isLocale } from "./locales";

/** The Intl locale of a page: ours as is, the test pseudo-locale formats as English. */
export function intlLocale(locale: string): string {
  return isLocale(locale) ? locale : DEFAULT_LOCALE;
}

const RELATIVE_UNITS: [number, Intl.RelativeTimeFormatUnit][] = [
  [31_536_000, "year"],
  [2_592_000, "month"],
  [86_400, "day"],
  [3_600, "hour"],
  [60, "minute"],
];

/** "3 hours ago" / "för 3 timmar sedan" / "3小时前", or null under a minute (the caller says "just now"). */
export function relativeTime(locale: string, iso: string, now = Date.now()): string | null {
  const seconds = Math.max(0, (now - new Date(iso).getTime()) / 1000);
  for (const [size, unit] of RELATIVE_UNITS) {
    // "always": "1 day ago", not "yesterday", so a label reads the same for every unit.
    if (seconds >= size) return new Intl.RelativeTimeFormat(intlLocale(locale), { numeric: "always" }).format(-Math.floor(seconds / size), unit);
  }
  return null;
}

/** Numbers, dates and times in the page's language. */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = intlLocale(i18n.language);
  return {
    locale,
    number: (value: number, options?: Intl.NumberFormatOptions) => value.toLocaleString(locale, options),
    date: (iso: string | Date, options: Intl.DateTimeFormatOptions = { dateStyle: "medium" }) =>
      new Date(iso).toLocaleString(locale, { timeZone: "UTC", ...options }),
  };
}
