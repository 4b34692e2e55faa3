import { isLocale, LOCALES, type Locale } from "../../i18n/locales";
import { validationFailed, msg, fieldError } from "../../lib/errors";
import type { AppContext } from "../context";
import type { Actor } from "../guardian";
import { ensure } from "../guardian";
import { localeCookie } from "./locale-cookie.server";

/**
 * Someone picks a language in the switcher. A member keeps it on their account (so it follows
 * them to every browser); everyone also gets it in a cookie, so the page they return to after
 * logging out stays in the language they chose.
 */
export async function chooseLocale(app: Pick<AppContext, "db" | "config">, actor: Actor | null, value: unknown): Promise<{ locale: Locale; setCookie: string }> {
  ensure(actor, "locale.choose");
  if (!isLocale(value)) throw validationFailed([fieldError("locale", msg("validation.localeOneOf", { options: LOCALES.join(", ") }))]);
  if (actor) await app.db.updateTable("users").set({ locale: value }).where("id", "=", actor.id).execute();
  return { locale: value, setCookie: localeCookie(value, app.config.secureCookies) };
}
