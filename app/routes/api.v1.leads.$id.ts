import { apiAction, apiLoader, jsonResponse, readJson } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { getLead, updateLead } from "~/services/leads/leads.server";

export const loader = apiLoader(async ({ request, context, params }) => {
  return jsonResponse({ lead: await getLead(context.app.db, await actorFor(request, context.app), params.id) });
});

export const action = apiAction({
  /** {status?, owner? (a handle; "" clears), notes?} → 200 {lead} (sales, admins) */
  PATCH: async ({ request, context, params }) => {
    const actor = await actorFor(request, context.app);
    return jsonResponse({ lead: await updateLead(context.app, actor, params.id, await readJson(request)) });
  },
});
