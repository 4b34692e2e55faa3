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

/**
 * Intl formatters are costly to make (a thread page has one relative time per post, and a
 * profile showed making them took 6% of its server render) and cheap to reuse: one per
 * language and options, kept for the life of the process (a handful of each).
 */
const formatters = new Map<string, Intl.RelativeTimeFormat | Intl.NumberFormat | Intl.DateTimeFormat>();

function cached<T extends Intl.RelativeTimeFormat | Intl.NumberFormat | Intl.DateTimeFormat>(kind: string, locale: string, options: object | undefined, make: () => T): T {
  const key = `${kind}|${locale}|${options ? JSON.stringify(options) : ""}`;
  let formatter = formatters.get(key) as T | undefined;
  if (!formatter) {
    formatter = make();
    formatters.set(key, formatter);
  }
  return formatter;
}

export function numberFormat(locale: string, options?: Intl.NumberFormatOptions): Intl.NumberFormat {
  return cached("number", locale, options, () => new Intl.NumberFormat(intlLocale(locale), options));
}

export function dateTimeFormat(locale: string, options?: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached("date", locale, options, () => new Intl.DateTimeFormat(intlLocale(locale), options));
}

/** "3 hours ago" / "för 3 timmar sedan" / "3小时前", or null under a minute (the caller says "just now"). */
export function relativeTime(locale: string, iso: string, now = Date.now()): string | null {
  const seconds = Math.max(0, (now - new Date(iso).getTime()) / 1000);
  for (const [size, unit] of RELATIVE_UNITS) {
    // "always": "1 day ago", not "yesterday", so a label reads the same for every unit.
    if (seconds >= size) {
      const format = cached("relative", locale, undefined, () => new Intl.RelativeTimeFormat(intlLocale(locale), { numeric: "always" }));
      return format.format(-Math.floor(seconds / size), unit);
    }
  }
  return null;
}

/** Numbers, dates and times in the page's language. */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = intlLocale(i18n.language);
  return {
    locale,
    number: (value: number, options?: Intl.NumberFormatOptions) => numberFormat(locale, options).format(value),
    date: (iso: string | Date, options: Intl.DateTimeFormatOptions = { dateStyle: "medium" }) =>
      dateTimeFormat(locale, { timeZone: "UTC", ...options }).format(new Date(iso)),
  };
}
