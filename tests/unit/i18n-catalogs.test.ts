import { describe, expect, it } from "vitest";
import { CATALOGS, NAMESPACES } from "../../app/i18n/catalogs/index";
import { LOCALES } from "../../app/i18n/locales";

/**
 * Every language's catalog has every English key, in the plural forms its language needs
 * (Intl's plural rules: Chinese has one form, the others two), with the same placeholders and
 * tags, and nothing English no longer has.
 */
const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatten(value: unknown, prefix = ""): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (value && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      for (const [k, v] of flatten(child, prefix ? `${prefix}.${key}` : key)) out.set(k, v);
    }
  } else {
    out.set(prefix, value);
  }
  return out;
}

const placeholders = (message: string) => [...message.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}|<(\/?\d+)>/g)].map((m) => m[1] ?? m[2]).sort();

/** The keys a language must have for one English key: one per plural category for plurals. */
function requiredKeys(englishKey: string, locale: string): string[] {
  if (!PLURAL.test(englishKey)) return [englishKey];
  const base = englishKey.replace(PLURAL, "");
  return new Intl.PluralRules(locale).resolvedOptions().pluralCategories.map((category) => `${base}_${category}`);
}

describe("message catalogs", () => {
  const english = Object.fromEntries(NAMESPACES.map((ns) => [ns, flatten(CATALOGS.en[ns])]));

  it("English messages are non-empty strings", () => {
    for (const ns of NAMESPACES) {
      for (const [key, value] of english[ns]!) expect(typeof value === "string" && value.trim() !== "", `en ${ns}:${key}`).toBe(true);
    }
  });

  for (const locale of LOCALES.filter((l) => l !== "en")) {
    describe(locale, () => {
      it("has the same namespaces as English", () => {
        expect(Object.keys(CATALOGS[locale]).sort()).toEqual([...NAMESPACES].sort());
      });

      for (const ns of NAMESPACES) {
        it(`${ns}: has every English key, in its plural forms, with the same placeholders`, () => {
          const messages = flatten(CATALOGS[locale][ns]);
          const missing: string[] = [];
          const mismatched: string[] = [];
          const expected = new Set<string>();
          for (const [key, value] of english[ns]!) {
            for (const required of requiredKeys(key, locale)) {
              expected.add(required);
              const translated = messages.get(required);
              if (typeof translated !== "string" || !translated.trim()) {
                missing.push(required);
                continue;
              }
              // A plural form may leave out {{count}} ("一个" for one); otherwise the same placeholders.
              const want = placeholders(value as string).filter((p) => !(PLURAL.test(key) && p === "count"));
              const got = placeholders(translated).filter((p) => !(PLURAL.test(key) && p === "count"));
              if (want.join() !== got.join()) mismatched.push(`${required}: ${JSON.stringify(translated)}`);
            }
          }
          const extra = [...messages.keys()].filter((key) => !expected.has(key));
          expect({ missing, mismatched, extra }).toEqual({ missing: [], mismatched: [], extra: [] });
        });
      }
    });
  }
});
