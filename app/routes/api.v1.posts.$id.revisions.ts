import { apiLoader, jsonResponse, methodNotAllowed } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { listRevisions } from "~/services/community/posts.server";

export const loader = apiLoader(async ({ request, context, params }) =>
  jsonResponse(await listRevisions(context.app.db, await actorFor(request, context.app), params.id)),
);

/** Writes are not accepted here. */
export const action = methodNotAllowed("GET");
