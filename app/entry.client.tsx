import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider } from "react-i18next";
import { loadCatalog } from "~/i18n/load-catalog.client";
import { createI18n } from "~/i18n/instance";
import { DEFAULT_LOCALE } from "~/i18n/locales";
import { provideI18n } from "~/i18n/registry";

/**
 * The server rendered the page in <html lang>'s language: load that catalog before hydrating,
 * so the first client render produces the same text (no mismatch, no flash of English).
 */
async function hydrate(): Promise<void> {
  const locale = document.documentElement.lang || DEFAULT_LOCALE;
  const i18n = createI18n(locale as never, { [locale]: await loadCatalog(locale) });
  provideI18n(() => i18n);
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <I18nextProvider i18n={i18n}>
          <RemixBrowser />
        </I18nextProvider>
      </StrictMode>,
    );
  });
}

void hydrate();
