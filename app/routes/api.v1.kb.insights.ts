import { apiLoader, jsonResponse, methodNotAllowed } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { getKnowledgeInsights } from "~/services/knowledge/insights.server";

/** ?days=7|30|90|365 → the /kb/insights page's figures (curators) */
export const loader = apiLoader(async ({ request, context }) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  return jsonResponse(await getKnowledgeInsights(context.app.db, await actorFor(request, context.app), params));
});

export const action = methodNotAllowed("GET");
