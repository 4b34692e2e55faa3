import { apiLoader, jsonResponse, methodNotAllowed } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { insights } from "~/services/insights/insights.server";

/** → {topIdeasByVotes, topIdeasByRevenue, leadsPerWeek, signalsByKind, signalsByLanguage} (product managers, sales, admins) */
export const loader = apiLoader(async ({ request, context }) => {
  return jsonResponse(await insights(context.app.db, await actorFor(request, context.app)));
});

export const action = methodNotAllowed("GET");
