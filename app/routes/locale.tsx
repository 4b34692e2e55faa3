import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { formAction, jsonResponse, readForm } from "~/lib/http.server";
import { safeNext } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { chooseLocale } from "~/services/locale/choose-locale.server";

export async function loader() {
  // Choosing a language is a POST (the header's switcher); a GET (a link, a prefetch) goes home.
  return redirect("/");
}

/** The header's language switcher: a plain form, so it works without JavaScript. */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const actor = await actorFor(request, context.app);
  const result = await formAction(() => chooseLocale(context.app, actor, form.get("locale")));
  if (!result.ok) return jsonResponse(result.failure, result.status);
  return redirect(safeNext(form.get("next")), { headers: { "Set-Cookie": result.value.setCookie } });
}
