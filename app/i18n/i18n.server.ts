import type { i18n, Resource, TFunction } from "i18next";
import { CATALOGS } from "./catalogs/index";
import { createI18n } from "./instance";
import { DEFAULT_LOCALE, LOCALES, PSEUDO_LOCALE, type RenderLocale } from "./locales";
import { pseudoCatalog } from "./pseudo";

/** The test pseudo-locale exists only where it is asked for; a real server never offers it. */
export const pseudoLocaleEnabled = () => process.env.GLEANER_PSEUDO_LOCALE === "1";

const instances = new Map<RenderLocale, i18n>();

function resources(): Resource {
  const all: Resource = { ...CATALOGS };
  if (pseudoLocaleEnabled()) all[PSEUDO_LOCALE] = pseudoCatalog(CATALOGS[DEFAULT_LOCALE]);
  return all;
}

/** One shared, never-changed instance per language: requests read from it and never switch it. */
export function i18nFor(locale: RenderLocale): i18n {
  let instance = instances.get(locale);
  if (!instance) {
    const known = (LOCALES as readonly string[]).includes(locale) || (locale === PSEUDO_LOCALE && pseudoLocaleEnabled());
    instance = createI18n(known ? locale : DEFAULT_LOCALE, resources());
    instances.set(locale, instance);
  }
  return instance;
}

/** Server-side translation (page titles, error messages, notifications). */
export function tFor(locale: RenderLocale): TFunction {
  return i18nFor(locale).t;
}
