import { apiAction, apiLoader, jsonResponse, readJson } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { createReply } from "~/services/community/posts.server";
import { listPostsSince } from "~/services/community/posts-since.server";

/**
 * ?afterId=<post id>&limit=<1..200> → {posts:[…], next}: the posts after a known one, in thread
 * order. Live pages call it after every (re)connect to fetch what their socket missed.
 */
export const loader = apiLoader(async ({ request, context, params }) => {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const actor = await actorFor(request, context.app);
  return jsonResponse(await listPostsSince(context.app.db, actor, params.id, query));
});

export const action = apiAction({
  /** {body, replyToId?} → 201 {post:{id,status,html,…}} */
  POST: async ({ request, context, params }) => {
    const actor = await actorFor(request, context.app);
    if (actor) await context.app.limits.consume("post", `user:${actor.id}`);
    return jsonResponse(await createReply(context.app, actor, params.id, await readJson(request)), 201);
  },
});
