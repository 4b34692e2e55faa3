import { apiAction, jsonResponse, methodNotAllowed } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { votePost } from "~/services/community/votes.server";

export const action = apiAction({
  POST: async ({ request, context, params }) =>
    jsonResponse(await votePost(context.app, await actorFor(request, context.app), params.id, true)),
  DELETE: async ({ request, context, params }) =>
    jsonResponse(await votePost(context.app, await actorFor(request, context.app), params.id, false)),
});

/** Reads are not served here. */
export const loader = methodNotAllowed("POST, DELETE");
