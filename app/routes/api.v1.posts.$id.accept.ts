import { apiAction, jsonResponse, methodNotAllowed } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { acceptAnswer, unacceptAnswer } from "~/services/community/answers.server";

export const action = apiAction({
  POST: async ({ request, context, params }) =>
    jsonResponse(await acceptAnswer(context.app, await actorFor(request, context.app), params.id)),
  DELETE: async ({ request, context, params }) =>
    jsonResponse(await unacceptAnswer(context.app, await actorFor(request, context.app), params.id)),
});

/** Reads are not served here. */
export const loader = methodNotAllowed("POST, DELETE");
