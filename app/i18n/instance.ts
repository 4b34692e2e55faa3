import i18next, { type i18n, type Resource } from "i18next";
import { initReactI18next } from "react-i18next";
import { DEFAULT_LOCALE, type RenderLocale } from "./locales";

/**
 * An i18next instance for one language, initialised synchronously: the catalogs are bundled
 * JSON, so there is nothing to wait for and no Suspense on either side of hydration. Values are
 * not HTML-escaped here because React escapes everything it renders.
 */
export function createI18n(lng: RenderLocale, resources: Resource): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    lng,
    resources,
    fallbackLng: DEFAULT_LOCALE,
    defaultNS: "common",
    ns: Object.keys(resources[lng] ?? resources[DEFAULT_LOCALE] ?? {}),
    interpolation: { escapeValue: false },
    initImmediate: false,
    returnEmptyString: false,
    react: { useSuspense: false },
  });
  return instance;
}
