import { apiLoader, jsonResponse, methodNotAllowed } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { similarThreads } from "~/services/search.server";

/** GET /api/v1/search/similar?title= → {threads}: what the composer shows while a title is typed. */
export const loader = apiLoader(async ({ request, context }) => {
  const actor = await actorFor(request, context.app);
  const title = new URL(request.url).searchParams.get("title") ?? "";
  return jsonResponse(await similarThreads(context.app.db, actor, title));
});

/** Writes are not accepted here. */
export const action = methodNotAllowed("GET");
