import { apiAction, apiLoader, jsonResponse, readJson } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { listHarvestRuns, startHarvestRun } from "~/services/knowledge/harvest-runs.server";

/** The latest passes, newest first (admins). */
export const loader = apiLoader(async ({ request, context }) => {
  return jsonResponse({ runs: await listHarvestRuns(context.app.db, await actorFor(request, context.app)) });
});

export const action = apiAction({
  /** {scope?: "full"|"incremental"} → 202 {run:{id,status,…}, alreadyQueued} (a pass already waiting is returned, not doubled) */
  POST: async ({ request, context }) => {
    const actor = await actorFor(request, context.app);
    return jsonResponse(await startHarvestRun(context.app, actor, await readJson(request)), 202);
  },
});
