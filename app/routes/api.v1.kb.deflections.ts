import { apiAction, methodNotAllowed, readJson } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { suggestionOpened } from "~/services/knowledge/deflection.server";

export const action = apiAction({
  /** {formKey, articleId | threadId}: a suggestion was opened from the new-question form → 204 */
  POST: async ({ request, context }) => {
    await context.app.limits.consume("deflection", context.clientIp);
    await suggestionOpened(context.app.db, await actorFor(request, context.app), await readJson(request));
    return new Response(null, { status: 204 });
  },
});

export const loader = methodNotAllowed("POST");
