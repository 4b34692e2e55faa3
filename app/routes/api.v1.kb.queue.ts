import { apiLoader, jsonResponse, methodNotAllowed } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { curationQueue } from "~/services/knowledge/queue.server";

/** ?section=&offset= → {staleAfterDays, counts, sections:[{section, articles, next}]} (curators): the /kb/curate page's data */
export const loader = apiLoader(async ({ request, context }) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  return jsonResponse(await curationQueue(context.app.db, await actorFor(request, context.app), params));
});

export const action = methodNotAllowed("GET");
