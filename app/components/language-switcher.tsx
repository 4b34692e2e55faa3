import { useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LOCALE_NAMES, LOCALES } from "~/i18n/locales";

/**
 * A plain form of one button per language: it works without JavaScript (no select that needs a
 * script to submit), and with it the page reloads whole in the new language. Each language is
 * named in itself and marked with its own `lang`, so screen readers pronounce it right.
 */
export function LanguageSwitcher({ locale }: { locale: string }) {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <details className="language-switcher" data-testid="language-switcher">
      <summary>
        <span aria-hidden="true">🌐</span> {t("language.label")}
      </summary>
      <form method="post" action="/locale" className="language-menu" aria-label={t("language.choose")}>
        <input type="hidden" name="next" value={location.pathname + location.search} />
        {LOCALES.map((l) => (
          <button key={l} type="submit" name="locale" value={l} lang={l} className="link-button" aria-current={l === locale ? "true" : undefined}>
            {LOCALE_NAMES[l]}
          </button>
        ))}
      </form>
    </details>
  );
}
