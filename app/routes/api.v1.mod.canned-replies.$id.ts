import { apiAction, jsonResponse, methodNotAllowed, readJson } from "~/lib/http.server";
import { idSchema, parseInput } from "~/lib/validation";
import { actorFor } from "~/services/auth.server";
import { deleteCannedReply, saveCannedReply } from "~/services/moderation/canned-replies.server";

export const action = apiAction({
  PATCH: async ({ request, context, params }) => {
    const actor = await actorFor(request, context.app);
    const id = parseInput(idSchema, params.id);
    return jsonResponse({ cannedReply: await saveCannedReply(context.app.db, actor, id, await readJson(request)) });
  },
  DELETE: async ({ request, context, params }) => {
    await deleteCannedReply(context.app.db, await actorFor(request, context.app), params.id);
    return new Response(null, { status: 204 });
  },
});

/** Reads are not served here. */
export const loader = methodNotAllowed("PATCH, DELETE");
