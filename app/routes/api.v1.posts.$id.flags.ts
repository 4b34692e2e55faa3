import { apiAction, jsonResponse, methodNotAllowed, readJson } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { flagPost } from "~/services/moderation/flags.server";

export const action = apiAction({
  /** {reason: spam|off_topic|abusive|other, note?} → 201; 409 when already flagged by you. */
  POST: async ({ request, context, params }) => {
    const actor = await actorFor(request, context.app);
    if (actor) await context.app.limits.consume("flag", `user:${actor.id}`);
    return jsonResponse(await flagPost(context.app, actor, params.id, await readJson(request)), 201);
  },
});

/** Reads are not served here. */
export const loader = methodNotAllowed("POST");
