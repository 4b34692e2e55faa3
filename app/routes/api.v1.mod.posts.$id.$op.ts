import { notFound, msg } from "~/lib/errors";
import { apiAction, jsonResponse, methodNotAllowed, readJson } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { moderatePost, type PostDecision } from "~/services/moderation/post-moderation.server";

const DECISIONS: PostDecision[] = ["approve", "reject", "hide", "unhide", "dismiss"];

export const action = apiAction({
  /** approve · reject {reason?} · hide {reason?} · unhide · dismiss (the flags) → 200 {post} */
  POST: async ({ request, context, params }) => {
    const op = params.op as PostDecision;
    if (!DECISIONS.includes(op)) throw notFound(msg("post.unknownAction", { op: String(params.op) }));
    const actor = await actorFor(request, context.app);
    return jsonResponse(await moderatePost(context.app, actor, params.id, op, await readJson(request)));
  },
});

/** Reads are not served here. */
export const loader = methodNotAllowed("POST");
