import { apiLoader, jsonResponse, methodNotAllowed } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { browseKnowledgeBase } from "~/services/knowledge/articles.server";

/** ?category=&tag=&q=&offset= → the /kb page's data: published articles by category with tags, or those matching */
export const loader = apiLoader(async ({ request, context }) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  return jsonResponse(await browseKnowledgeBase(context.app.db, await actorFor(request, context.app), params));
});

export const action = methodNotAllowed("GET");
