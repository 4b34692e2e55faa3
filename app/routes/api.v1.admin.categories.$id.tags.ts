import { z } from "zod";
import { apiAction, jsonResponse, methodNotAllowed, readJson } from "~/lib/http.server";
import { idSchema, parseInput } from "~/lib/validation";
import { actorFor } from "~/services/auth.server";
import { setCategoryTags } from "~/services/categories.server";

const bodySchema = z.object({ tags: z.unknown() });

export const action = apiAction({
  /** {tags:[...]} replaces the curated list → 200 {tags} (normalized, sorted). */
  PUT: async ({ request, context, params }) => {
    const actor = await actorFor(request, context.app);
    const id = parseInput(idSchema, params.id);
    const { tags } = parseInput(bodySchema, await readJson(request));
    return jsonResponse({ tags: await setCategoryTags(context.app.db, actor, id, tags) });
  },
});

/** Reads are not served here. */
export const loader = methodNotAllowed("PUT");
