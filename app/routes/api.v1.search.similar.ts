import { apiLoader, jsonResponse, methodNotAllowed } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { similarPublishedArticles } from "~/services/knowledge/suggestions.server";
import { similarThreads } from "~/services/search.server";

/**
 * GET /api/v1/search/similar?title= → {threads, articles}: what the composer shows while a
 * title is typed (similar threads, solved ones first, and published knowledge-base articles).
 */
export const loader = apiLoader(async ({ request, context }) => {
  const actor = await actorFor(request, context.app);
  const title = new URL(request.url).searchParams.get("title") ?? "";
  const [{ threads }, articles] = await Promise.all([similarThreads(context.app.db, actor, title), similarPublishedArticles(context.app.db, actor, title)]);
  return jsonResponse({ threads, articles });
});

/** Writes are not accepted here. */
export const action = methodNotAllowed("GET");
