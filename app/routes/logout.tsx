import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { sessionTokenOf } from "~/services/auth.server";
import { endSession } from "~/services/sessions.server";

export async function loader() {
  // Logging out changes state, so it is a POST; a GET (a link, a prefetch) just goes home.
  return redirect("/");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const token = await sessionTokenOf(request, context.app);
  if (token) await endSession(context.app.db, token);
  return redirect("/", {
    headers: { "Set-Cookie": await context.app.sessionCookie.serialize("", { maxAge: 0 }) },
  });
}
