import type { Locale } from "../locales";
import en from "./en/index";
import nb from "./nb/index";
import sv from "./sv/index";
import zhHans from "./zh-Hans/index";

/**
 * One language's catalog: namespaces of nested messages. English is the reference; the others
 * are typed loosely because plural forms differ per language (Chinese has no "_one"), and
 * tests/unit/i18n-catalogs.test.ts checks every key against English instead.
 */
export type Catalog = Record<string, Record<string, unknown>>;
export type Namespace = keyof typeof en;

/** All catalogs, for the server (which renders any language) and the tests. */
export const CATALOGS: Record<Locale, Catalog> = { en, sv, nb, "zh-Hans": zhHans };
export const NAMESPACES = Object.keys(en) as Namespace[];
export const ENGLISH = en;
