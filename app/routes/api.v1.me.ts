import { apiLoader, jsonResponse, methodNotAllowed } from "~/lib/http.server";
import { getAccount } from "~/services/accounts.server";
import { actorFor } from "~/services/auth.server";

export const loader = apiLoader(async ({ request, context }) => {
  const user = await getAccount(context.app.db, await actorFor(request, context.app));
  return jsonResponse({ user });
});

/** Writes are not accepted here. */
export const action = methodNotAllowed("GET");
