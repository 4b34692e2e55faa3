import { apiLoader, jsonResponse } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { listRevisions } from "~/services/community/posts.server";

export const loader = apiLoader(async ({ request, context, params }) =>
  jsonResponse(await listRevisions(context.app.db, await actorFor(request, context.app), params.id)),
);
