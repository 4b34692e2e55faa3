import { apiLoader, jsonResponse, methodNotAllowed } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { getCommunityHealth } from "~/services/moderation/health.server";

export const loader = apiLoader(async ({ request, context }) =>
  jsonResponse({ health: await getCommunityHealth(context.app.db, await actorFor(request, context.app)) }),
);

/** Writes are not accepted here. */
export const action = methodNotAllowed("GET");
