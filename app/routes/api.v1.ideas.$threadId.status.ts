import { apiAction, jsonResponse, methodNotAllowed, readJson } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { setIdeaStatus } from "~/services/community/ideas.server";

export const action = apiAction({
  /** {status, note?}: product managers; voters and followers are notified. */
  POST: async ({ request, context, params }) =>
    jsonResponse(await setIdeaStatus(context.app, await actorFor(request, context.app), params.threadId, await readJson(request))),
});

/** Reads are not served here. */
export const loader = methodNotAllowed("POST");
