import { apiLoader, jsonResponse, methodNotAllowed } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { listIdeas } from "~/services/ideas/board.server";

/**
 * ?status=&plan=&sort=votes|companies|revenue|prospects|evidence|newest&limit=&offset=
 * → {ideas:[{threadId,title,status,votes,uniqueVoters,uniqueCompanies,url,private?}], next}
 * (`private`: revenue, customers, prospects, trials, evidence, trend — product managers only)
 */
export const loader = apiLoader(async ({ request, context }) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  return jsonResponse(await listIdeas(context.app.db, await actorFor(request, context.app), params));
});

export const action = methodNotAllowed("GET");
