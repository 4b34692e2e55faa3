import { apiLoader, jsonResponse, methodNotAllowed } from "~/lib/http.server";
import { listUsers } from "~/services/accounts.server";
import { actorFor } from "~/services/auth.server";

/** ?q= filters by handle or email; ?after=<handle> is the next page's cursor. */
export const loader = apiLoader(async ({ request, context }) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  return jsonResponse(await listUsers(context.app.db, await actorFor(request, context.app), params));
});

/** Writes are not accepted here. */
export const action = methodNotAllowed("GET");
