import { apiAction, apiLoader, jsonResponse, readJson } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { applyBulk } from "~/services/moderation/bulk.server";
import { getReviewQueue } from "~/services/moderation/queue.server";

/** ?kind=pending|flagged|signup&category=<id>&reason=<reason> */
export const loader = apiLoader(async ({ request, context }) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  return jsonResponse(await getReviewQueue(context.app.db, await actorFor(request, context.app), params));
});

export const action = apiAction({
  /** Bulk: {action, items:["pending:12", …], reason?} → {results:[{item, ok, error?}]} */
  POST: async ({ request, context }) =>
    jsonResponse(await applyBulk(context.app, await actorFor(request, context.app), await readJson(request))),
});
