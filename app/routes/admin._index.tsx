import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { ensure } from "~/services/guardian";

/** The admin pages start at the users list, for admins (everyone else is refused here, not there). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => {
    ensure(await actorFor(request, context.app), "admin.view");
    return redirect("/admin/users");
  });
}
