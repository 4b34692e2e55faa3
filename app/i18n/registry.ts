import type { i18n, TFunction } from "i18next";
import { DEFAULT_LOCALE } from "./locales";

/**
 * Where code that runs on both sides finds the translations for a language: entry.server hands
 * in the server's per-language instances, entry.client its one instance. Route `meta` functions
 * need this: they run outside React, so they cannot use the provider's hook.
 */
let lookup: ((locale: string) => i18n) | null = null;

export function provideI18n(find: (locale: string) => i18n): void {
  lookup = find;
}

export function i18nOf(locale: string): i18n {
  if (!lookup) throw new Error("i18n is not provided yet (entry.server / entry.client set it up)");
  return lookup(locale);
}

type MetaMatch = { id: string; data?: unknown };

/** The root loader's locale, as every page carries it. */
export function localeOfMatches(matches: readonly MetaMatch[]): string {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: string } | undefined;
  return root?.locale ?? DEFAULT_LOCALE;
}

/** `t` for a route's meta function: `meta = ({ matches }) => [{ title: metaT(matches)("auth:login.title") }]`. */
export function metaT(matches: readonly MetaMatch[]): TFunction {
  return i18nOf(localeOfMatches(matches)).t;
}

/** "Thread title · Gleaner", the same in every language. */
export function pageTitle(...parts: string[]): string {
  return [...parts, "Gleaner"].join(" · ");
}
