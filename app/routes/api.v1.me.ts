import { apiLoader, jsonResponse } from "~/lib/http.server";
import { getAccount } from "~/services/accounts.server";
import { actorFor } from "~/services/auth.server";

export const loader = apiLoader(async ({ request, context }) => {
  const user = await getAccount(context.app.db, await actorFor(request, context.app));
  return jsonResponse({ user });
});
