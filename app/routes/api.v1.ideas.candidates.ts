import { apiLoader, jsonResponse, methodNotAllowed } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { listCandidates } from "~/services/ideas/candidates.server";

/** ?kind=feature_request|implied_need&limit=&offset= → {candidates:[{id,kind,quote,score,postId,threadId,author,company,url}], next} (product managers) */
export const loader = apiLoader(async ({ request, context }) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  return jsonResponse(await listCandidates(context.app.db, await actorFor(request, context.app), params));
});

export const action = methodNotAllowed("GET");
