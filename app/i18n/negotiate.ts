import { PSEUDO_LOCALE, type Locale, type RenderLocale } from "./locales";

/**
 * Which of our locales a language tag asks for. Norwegian comes as `no`, `nb` or `nn` (we have
 * Bokmål, which Nynorsk readers read far better than English); any Swedish region is Swedish;
 * any Chinese is our Simplified catalog, Traditional included, since a Traditional reader reads
 * Simplified better than English.
 */
export function localeForTag(tag: string): Locale | null {
  const lower = tag.trim().toLowerCase();
  if (!lower || lower === "*") return null;
  const [language] = lower.split(/[-_]/);
  switch (language) {
    case "en":
      return "en";
    case "sv":
      return "sv";
    case "no":
    case "nb":
    case "nn":
      return "nb";
    case "zh":
      return "zh-Hans";
    default:
      return null;
  }
}

/**
 * The best of our locales for an Accept-Language header (RFC 9110: weighted ranges, q=0 means
 * "not this"), or null when it names none of them. Malformed parts are skipped, not fatal: the
 * header comes from anyone.
 */
export function negotiateLocale(header: string | null | undefined, options: { pseudo?: boolean } = {}): RenderLocale | null {
  if (!header) return null;
  const ranges = header
    .slice(0, 1000)
    .split(",")
    .map((part, index) => {
      const [range = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(p)).find(Boolean);
      return { range: range.trim(), q: q ? Number(q[1]) : 1, index };
    })
    .filter((r) => r.range && r.q > 0)
    // Stable: equal weights keep the order the client gave.
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { range } of ranges) {
    if (options.pseudo && range.toLowerCase() === PSEUDO_LOCALE.toLowerCase()) return PSEUDO_LOCALE;
    const locale = localeForTag(range);
    if (locale) return locale;
  }
  return null;
}
