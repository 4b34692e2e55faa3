import { apiAction, apiLoader, jsonResponse, readJson } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { createThread, listThreads } from "~/services/community/threads.server";

/** ?category=&kind=&sort=latest|newest|top|unanswered&solved=&tag=&after=<cursor> */
export const loader = apiLoader(async ({ request, context }) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  return jsonResponse(await listThreads(context.app.db, await actorFor(request, context.app), params));
});

export const action = apiAction({
  /** {categoryId, kind, title, body, tags?} → 201 {thread:{id,url,…}, post:{id,status,html}} */
  POST: async ({ request, context }) => {
    const actor = await actorFor(request, context.app);
    if (actor) await context.app.limits.consume("post", `user:${actor.id}`);
    return jsonResponse(await createThread(context.app, actor, await readJson(request)), 201);
  },
});
