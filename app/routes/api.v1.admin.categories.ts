import { apiAction, apiLoader, jsonResponse, readJson } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { createCategory, listCategoriesForAdmin } from "~/services/categories.server";

/** Every category in order, with tag mode, curated tags and thread counts. */
export const loader = apiLoader(async ({ request, context }) => {
  return jsonResponse({ categories: await listCategoriesForAdmin(context.app.db, await actorFor(request, context.app)) });
});

export const action = apiAction({
  /**
   * {name, slug?, description?, kinds, tagMode?, tags?} → 201 {category}; the slug is derived
   * from the name when left out; 409 when it is taken.
   */
  POST: async ({ request, context }) => {
    const actor = await actorFor(request, context.app);
    const category = await createCategory(context.app.db, actor, await readJson(request));
    return jsonResponse({ category }, 201);
  },
});
