import { apiLoader, jsonResponse, methodNotAllowed } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { getHarvestRun } from "~/services/knowledge/harvest-runs.server";

/** → {run:{id,status:"queued"|"running"|"done"|"failed",stats,total,processed,…}} */
export const loader = apiLoader(async ({ request, context, params }) => {
  return jsonResponse({ run: await getHarvestRun(context.app.db, await actorFor(request, context.app), params.id) });
});

export const action = methodNotAllowed("GET");
