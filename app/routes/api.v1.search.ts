import { apiLoader, jsonResponse, methodNotAllowed } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { searchThreads } from "~/services/search.server";

/** GET /api/v1/search?q=&category=&kind=&solved=&limit= → {results, query, relaxed}; no q → 422. */
export const loader = apiLoader(async ({ request, context }) => {
  await context.app.limits.consume("search", context.clientIp);
  const actor = await actorFor(request, context.app);
  const input = Object.fromEntries(new URL(request.url).searchParams);
  const { results, query, relaxed } = await searchThreads(context.app.db, actor, input);
  return jsonResponse({ results, query, relaxed });
});

/** Writes are not accepted here. */
export const action = methodNotAllowed("GET");
