import { dateTimeFormat } from "../i18n/format";
import { tFor } from "../i18n/i18n.server";
import { DEFAULT_LOCALE, type RenderLocale } from "../i18n/locales";
import { negotiateLocale } from "../i18n/negotiate";
import { pseudoLocaleEnabled } from "../i18n/i18n.server";
import { localeFor } from "../services/locale/resolve-locale.server";
import { cookieLocaleOf } from "../services/locale/locale-cookie.server";
import type { AppContext } from "../services/context";
import { englishOf, renderError, type AppError, type Message, type MessageParam } from "./errors";
import { currentRequestScope } from "./request-scope.server";

/** A message of the `errors` catalog in `locale`: parameters that are messages are translated too, dates formatted there. */
export function messageIn(locale: RenderLocale, message: Message): string {
  if (locale === DEFAULT_LOCALE) return englishOf(message);
  const t = tFor(locale);
  const dates = dateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" });
  const render = (m: Message): string => {
    const params: Record<string, string | number> = {};
    for (const [name, value] of Object.entries(m.params ?? {}) as [string, MessageParam][]) {
      params[name] = value instanceof Date ? dates.format(value) : typeof value === "object" ? render(value) : value;
    }
    return t(`errors:${m.key}`, params) as string;
  };
  return render(message);
}

/** An error's message and field messages in `locale` (English is exactly `error.message`). */
export function errorIn(locale: RenderLocale, error: Pick<AppError, "msg" | "details">): { message: string; fields?: { field: string; message: string }[] } {
  return renderError(error, (m) => messageIn(locale, m));
}

/** The request's language when the full lookup is not possible (the database away): cookie, then browser. */
export function headerLocaleOf(request: Request): RenderLocale {
  return cookieLocaleOf(request) ?? negotiateLocale(request.headers.get("Accept-Language"), { pseudo: pseudoLocaleEnabled() }) ?? DEFAULT_LOCALE;
}

/**
 * The language to explain a refusal in: the same resolution pages use, never failing. When the
 * refusal is that the database is away (503), nothing is looked up in it.
 */
export async function errorLocaleFor(request: Request, app: AppContext | undefined, error?: Pick<AppError, "status">): Promise<RenderLocale> {
  if (!app || error?.status === 503) return headerLocaleOf(request);
  try {
    return await localeFor(request, app);
  } catch {
    return headerLocaleOf(request);
  }
}

/** For code handed no request (formAction): the language of the request being answered, if any. */
export async function currentErrorLocale(request?: Request, error?: Pick<AppError, "status">): Promise<RenderLocale> {
  const scope = currentRequestScope();
  if (request) return errorLocaleFor(request, scope?.app, error);
  return scope ? errorLocaleFor(scope.request(), scope.app, error) : DEFAULT_LOCALE;
}
