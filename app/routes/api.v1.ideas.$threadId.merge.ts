import { apiAction, jsonResponse, methodNotAllowed, readJson } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { mergeIdea } from "~/services/ideas/merge-ideas.server";

export const action = apiAction({
  /** {intoThreadId, reason?} → 200 {thread:{id,mergedIntoId,url}}: votes (once per person), followers and evidence move over */
  POST: async ({ request, context, params }) => {
    const actor = await actorFor(request, context.app);
    return jsonResponse(await mergeIdea(context.app, actor, params.threadId, await readJson(request)));
  },
});

export const loader = methodNotAllowed("POST");
