import { apiAction, methodNotAllowed } from "~/lib/http.server";
import { idSchema, parseInput } from "~/lib/validation";
import { revokeApiToken } from "~/services/api-tokens.server";
import { actorFor } from "~/services/auth.server";

export const action = apiAction({
  DELETE: async ({ request, context, params }) => {
    const actor = await actorFor(request, context.app);
    await revokeApiToken(context.app.db, actor, parseInput(idSchema, params.id));
    return new Response(null, { status: 204 });
  },
});

/** Reads are not served here. */
export const loader = methodNotAllowed("DELETE");
