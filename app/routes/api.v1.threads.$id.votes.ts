import { apiAction, jsonResponse, methodNotAllowed } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { voteIdea } from "~/services/community/votes.server";

/** Idea votes: one per member, POST to vote and DELETE to take it back. */
export const action = apiAction({
  POST: async ({ request, context, params }) =>
    jsonResponse(await voteIdea(context.app, await actorFor(request, context.app), params.id, true)),
  DELETE: async ({ request, context, params }) =>
    jsonResponse(await voteIdea(context.app, await actorFor(request, context.app), params.id, false)),
});

/** Reads are not served here. */
export const loader = methodNotAllowed("POST, DELETE");
