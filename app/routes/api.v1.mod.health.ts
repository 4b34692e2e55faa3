import { apiLoader, jsonResponse } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { getCommunityHealth } from "~/services/moderation/health.server";

export const loader = apiLoader(async ({ request, context }) =>
  jsonResponse({ health: await getCommunityHealth(context.app.db, await actorFor(request, context.app)) }),
);
