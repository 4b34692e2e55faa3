import { apiLoader, jsonResponse, methodNotAllowed } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { listArticles } from "~/services/knowledge/articles.server";

/** ?status=&q=&category=&tag=&limit=&offset= → {articles:[{id,slug,title,status,sourceThreadId,…}], next} */
export const loader = apiLoader(async ({ request, context }) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  return jsonResponse(await listArticles(context.app.db, await actorFor(request, context.app), params));
});

export const action = methodNotAllowed("GET");
