import { apiAction, jsonResponse, methodNotAllowed, readJson } from "~/lib/http.server";
import { idSchema, parseInput } from "~/lib/validation";
import { actorFor } from "~/services/auth.server";
import { deleteCategory, updateCategory } from "~/services/categories.server";

export const action = apiAction({
  /** Any of {name, slug, description, kinds, tagMode, tags} → 200 {category}. */
  PATCH: async ({ request, context, params }) => {
    const actor = await actorFor(request, context.app);
    const id = parseInput(idSchema, params.id);
    return jsonResponse({ category: await updateCategory(context.app.db, actor, id, await readJson(request)) });
  },
  /** 204; 409 while the category still has threads. */
  DELETE: async ({ request, context, params }) => {
    const actor = await actorFor(request, context.app);
    await deleteCategory(context.app.db, actor, parseInput(idSchema, params.id));
    return new Response(null, { status: 204 });
  },
});

/** Reads are not served here. */
export const loader = methodNotAllowed("PATCH, DELETE");
