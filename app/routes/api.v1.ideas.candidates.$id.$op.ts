import { notFound, msg } from "~/lib/errors";
import { apiAction, jsonResponse, methodNotAllowed, readJson } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { acceptCandidate, attachCandidate, dismissCandidate } from "~/services/ideas/candidates.server";

export const action = apiAction({
  /** accept {title, categoryId?} → 201 {ideaThreadId,url} · attach {ideaThreadId} → 200 · dismiss {reason?} → 204 (product managers) */
  POST: async ({ request, context, params }) => {
    const actor = await actorFor(request, context.app);
    const input = await readJson(request);
    switch (params.op) {
      case "accept":
        return jsonResponse(await acceptCandidate(context.app, actor, params.id, input), 201);
      case "attach":
        return jsonResponse(await attachCandidate(context.app, actor, params.id, input));
      case "dismiss":
        await dismissCandidate(context.app, actor, params.id, input);
        return new Response(null, { status: 204 });
      default:
        throw notFound(msg("candidate.unknownAction", { op: String(params.op) }));
    }
  },
});

export const loader = methodNotAllowed("POST");
