import { z } from "zod";
import { apiAction, jsonResponse, methodNotAllowed, readJson } from "~/lib/http.server";
import { parseInput } from "~/lib/validation";
import { actorFor } from "~/services/auth.server";
import { reorderCategories } from "~/services/categories.server";

const bodySchema = z.object({ ids: z.unknown() });

export const action = apiAction({
  /** {ids:[...]}: every category id once, in the new order → 200 {categories}. */
  PUT: async ({ request, context }) => {
    const actor = await actorFor(request, context.app);
    const { ids } = parseInput(bodySchema, await readJson(request));
    return jsonResponse({ categories: await reorderCategories(context.app.db, actor, ids) });
  },
});

/** Reads are not served here. */
export const loader = methodNotAllowed("PUT");
