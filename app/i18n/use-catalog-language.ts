import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useChangeLanguage } from "remix-i18next/react";
import { loadCatalog } from "./load-catalog.client";

/**
 * Keeps the browser's translations in the page's language when it changes without a reload
 * (a member logs in and their own setting differs from the visitor's): the new language's
 * catalog is fetched first, then i18next switches, so no text falls back to English meanwhile.
 */
export function useCatalogLanguage(locale: string): void {
  const { i18n } = useTranslation();
  const [ready, setReady] = useState(locale);
  useEffect(() => {
    if (i18n.hasResourceBundle(locale, "common")) {
      setReady(locale);
      return;
    }
    let current = true;
    void loadCatalog(locale).then((catalog) => {
      for (const [ns, messages] of Object.entries(catalog)) i18n.addResourceBundle(locale, ns, messages, true, true);
      if (current) setReady(locale);
    });
    return () => {
      current = false;
    };
  }, [i18n, locale]);
  useChangeLanguage(ready);
}
