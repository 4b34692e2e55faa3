import { apiAction, jsonResponse, readJson } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { createReply } from "~/services/community/posts.server";

export const action = apiAction({
  /** {body, replyToId?} → 201 {post:{id,status,html,…}} */
  POST: async ({ request, context, params }) => {
    const actor = await actorFor(request, context.app);
    return jsonResponse(await createReply(context.app, actor, params.id, await readJson(request)), 201);
  },
});
