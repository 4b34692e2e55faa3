import { apiLoader, jsonResponse, methodNotAllowed } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { getIdea } from "~/services/ideas/board.server";

/** → {idea:{…figures, evidence? (product managers)}} */
export const loader = apiLoader(async ({ request, context, params }) => {
  return jsonResponse({ idea: await getIdea(context.app.db, await actorFor(request, context.app), params.threadId) });
});

export const action = methodNotAllowed("GET");
