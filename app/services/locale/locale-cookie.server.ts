import { isLocale, type Locale } from "../../i18n/locales";

const NAME = "gleaner_locale";
const ONE_YEAR = 365 * 24 * 60 * 60;

/** A visitor's chosen language (members also have it on their account, which wins). */
export function cookieLocaleOf(request: Request): Locale | null {
  const match = /(?:^|;\s*)gleaner_locale=([A-Za-z-]{2,10})(?:;|$)/.exec(request.headers.get("Cookie") ?? "");
  return isLocale(match?.[1]) ? match[1] : null;
}

/** Not secret, but only the server reads it; Secure whenever the session cookie is. */
export function localeCookie(locale: Locale, secure: boolean): string {
  return `${NAME}=${locale}; Path=/; Max-Age=${ONE_YEAR}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}
