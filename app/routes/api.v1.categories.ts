import { apiLoader, jsonResponse, methodNotAllowed } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { listCategories } from "~/services/categories.server";

export const loader = apiLoader(async ({ request, context }) => {
  const categories = await listCategories(context.app.db, await actorFor(request, context.app));
  return jsonResponse({ categories });
});

/** Writes are not accepted here. */
export const action = methodNotAllowed("GET");
