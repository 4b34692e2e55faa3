import { pseudoLocaleEnabled } from "../../i18n/i18n.server";
import type { RenderLocale } from "../../i18n/locales";
import { negotiateLocale } from "../../i18n/negotiate";
import { actorFor } from "../auth.server";
import type { AppContext } from "../context";
import { communityLocale } from "./community-locale.server";
import { cookieLocaleOf } from "./locale-cookie.server";

const cache = new WeakMap<Request, Promise<RenderLocale>>();

/**
 * The language a request is answered in: the member's own setting, then the language this
 * browser chose with the switcher, then what the browser asks for (Accept-Language), then the
 * community's default. Looked up once per request, like the actor.
 */
export function localeFor(request: Request, app: AppContext): Promise<RenderLocale> {
  let pending = cache.get(request);
  if (!pending) {
    pending = resolve(request, app);
    cache.set(request, pending);
  }
  return pending;
}

async function resolve(request: Request, app: AppContext): Promise<RenderLocale> {
  // A broken credential is reported by the route in the request's language, not here.
  const actor = await actorFor(request, app).catch(() => null);
  if (actor?.locale) return actor.locale;
  return (
    cookieLocaleOf(request) ??
    negotiateLocale(request.headers.get("Accept-Language"), { pseudo: pseudoLocaleEnabled() }) ??
    (await communityLocale(app.db))
  );
}
