import type { Catalog } from "./catalogs/index";
import { DEFAULT_LOCALE, isLocale, PSEUDO_LOCALE, type Locale } from "./locales";
import { pseudoCatalog } from "./pseudo";

/**
 * The browser fetches only its own language's catalog, as a separate chunk the build names by
 * content hash (cached for good), instead of every page carrying it in its loader data.
 */
const CATALOG_LOADERS: Record<Locale, () => Promise<{ default: Catalog }>> = {
  en: () => import("./catalogs/en/index"),
  sv: () => import("./catalogs/sv/index"),
  nb: () => import("./catalogs/nb/index"),
  "zh-Hans": () => import("./catalogs/zh-Hans/index"),
};

export async function loadCatalog(locale: string): Promise<Catalog> {
  if (locale === PSEUDO_LOCALE) return pseudoCatalog((await CATALOG_LOADERS[DEFAULT_LOCALE]()).default);
  return (await CATALOG_LOADERS[isLocale(locale) ? locale : DEFAULT_LOCALE]()).default;
}
