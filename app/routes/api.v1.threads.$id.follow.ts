import { apiAction, jsonResponse, methodNotAllowed, readJson } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { setFollow } from "~/services/community/follows.server";

export const action = apiAction({
  /** {level: "watching" | "muted" | "none"} */
  PUT: async ({ request, context, params }) =>
    jsonResponse(await setFollow(context.app, await actorFor(request, context.app), params.id, await readJson(request))),
});

/** Reads are not served here. */
export const loader = methodNotAllowed("PUT");
