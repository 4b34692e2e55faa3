import { apiAction, jsonResponse, methodNotAllowed, readJson } from "~/lib/http.server";
import { idSchema, parseInput } from "~/lib/validation";
import { actorFor } from "~/services/auth.server";
import { updateCompany } from "~/services/companies.server";

export const action = apiAction({
  PATCH: async ({ request, context, params }) => {
    const actor = await actorFor(request, context.app);
    const id = parseInput(idSchema, params.id);
    await updateCompany(context.app.db, actor, id, await readJson(request));
    return jsonResponse({ company: { id } });
  },
});

/** Reads are not served here. */
export const loader = methodNotAllowed("PATCH");
