import { apiLoader, jsonResponse, methodNotAllowed } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { tagSuggestions } from "~/services/categories.server";

/**
 * ?category=<id|slug> → {tags:[{slug,count}], restricted}. For a restricted category the list is
 * its curated tags (the only ones it accepts); otherwise the most used tags.
 */
export const loader = apiLoader(async ({ request, context }) => {
  const category = new URL(request.url).searchParams.get("category") ?? undefined;
  return jsonResponse(await tagSuggestions(context.app.db, await actorFor(request, context.app), category));
});

/** Writes are not accepted here. */
export const action = methodNotAllowed("GET");
